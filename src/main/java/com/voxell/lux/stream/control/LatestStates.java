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

  /**
   * A message as rendered once for every subscriber, with the time (ms) the write it carries was
   * accepted, or -1 when it carries none ({@code update} messages carry one): the send is timed
   * from it without reading the text again.
   */
  record Message(String text, long writtenAt) {

    static final long UNTIMED = -1;

    static Message untimed(String text) {
      return new Message(text, UNTIMED);
    }
  }

  // Insertion order is send order; replacing the value of a key keeps its place.
  private final LinkedHashMap<Object, Message> pending = new LinkedHashMap<>();
  private long takenWrittenAt = Message.UNTIMED;

  /**
   * Keeps {@code text} as the newest unsent state of {@code id}; {@code true} when it replaced an
   * unsent one (a state conflated away).
   */
  boolean put(String id, String text) {
    return put(id, Message.untimed(text));
  }

  boolean put(String id, Message message) {
    return pending.put(id, message) != null;
  }

  /** Queues a message that belongs to no document, behind everything offered so far. */
  void putControl(String text) {
    pending.put(new Object(), Message.untimed(text));
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
    takenWrittenAt = Message.UNTIMED;
    for (Iterator<Message> oldest = pending.values().iterator();
        oldest.hasNext() && taken.size() < max; ) {
      Message message = oldest.next();
      chars += message.text().length();
      if (!taken.isEmpty() && chars > maxChars) {
        break;
      }
      if (taken.isEmpty()) {
        takenWrittenAt = message.writtenAt();
      }
      taken.add(message.text());
      oldest.remove();
    }
    return taken;
  }

  /** The write time of the oldest message the last {@link #take} returned (the one timed). */
  long takenWrittenAt() {
    return takenWrittenAt;
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
