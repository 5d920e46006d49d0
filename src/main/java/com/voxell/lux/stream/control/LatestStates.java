package com.voxell.lux.stream.control;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The messages one subscriber has not been sent yet, at most one per document: a newer state of a
 * document replaces the unsent older one in its place (conflation). This is what keeps a slow
 * subscriber's memory bounded by the documents it follows rather than by the number of writes, and
 * why it can never receive an older state after a newer one. Control messages ({@code subscribed},
 * {@code error}, {@code heartbeat}) queue in order behind the states offered before them. Not
 * thread-safe: its {@link Outbox} guards it.
 */
final class LatestStates {

  // Insertion order is send order; replacing the value of a key keeps its place.
  private final LinkedHashMap<Object, String> pending = new LinkedHashMap<>();

  /**
   * Keeps {@code text} as the newest unsent state of {@code id}; {@code true} when it replaced an
   * unsent one (a state conflated away).
   */
  boolean put(String id, String text) {
    return pending.put(id, text) != null;
  }

  /** Queues a message that belongs to no document, behind everything offered so far. */
  void putControl(String text) {
    pending.put(new Object(), text);
  }

  /** Forgets the unsent state of {@code id} (the subscriber no longer follows it). */
  void drop(String id) {
    pending.remove(id);
  }

  /**
   * The oldest unsent messages, removed, in order: at most {@code max}, and more than one only
   * while they stay within {@code maxChars} together; empty when there is none.
   */
  List<String> take(int max, int maxChars) {
    List<String> taken = new ArrayList<>(Math.min(max, pending.size()));
    int chars = 0;
    for (Iterator<String> oldest = pending.values().iterator();
        oldest.hasNext() && taken.size() < max; ) {
      String text = oldest.next();
      chars += text.length();
      if (!taken.isEmpty() && chars > maxChars) {
        break;
      }
      taken.add(text);
      oldest.remove();
    }
    return taken;
  }

  int size() {
    return pending.size();
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  void clear() {
    pending.clear();
  }
}
