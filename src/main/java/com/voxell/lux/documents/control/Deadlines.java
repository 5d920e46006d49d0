package com.voxell.lux.documents.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The documents whose timers this node runs, ordered by when each is next due (lease lapse, stall,
 * expiry). Fed by every change the node hears, so finding what is due costs a look at the head of
 * the order: a round with nothing due reads no document, however many are held.
 */
final class Deadlines {

  private record Due(long at, String id) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      int byTime = Long.compare(at, other.at);
      return byTime != 0 ? byTime : id.compareTo(other.id);
    }
  }

  // One lock for both views: a change and a round touch a handful of entries, briefly.
  private final TreeSet<Due> order = new TreeSet<>();
  private final Map<String, Long> dueById = new HashMap<>();

  /** Sets when {@code id} is next due ({@link Long#MAX_VALUE}: never), replacing what was set. */
  synchronized void schedule(String id, long dueMillis) {
    Long previous = dueById.remove(id);
    if (previous != null) {
      order.remove(new Due(previous, id));
    }
    if (dueMillis != Long.MAX_VALUE) {
      dueById.put(id, dueMillis);
      order.add(new Due(dueMillis, id));
    }
  }

  synchronized void forget(String id) {
    schedule(id, Long.MAX_VALUE);
  }

  /** Removes and returns the ids due at {@code nowMillis}, earliest first. */
  synchronized List<String> takeDue(long nowMillis) {
    List<String> due = new ArrayList<>();
    while (!order.isEmpty() && order.first().at() <= nowMillis) {
      Due first = order.pollFirst();
      dueById.remove(first.id());
      due.add(first.id());
    }
    return due;
  }

  synchronized int size() {
    return dueById.size();
  }
}
