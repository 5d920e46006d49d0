package com.voxell.lux.stream.control;

import com.voxell.lux.stream.entity.StreamLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One connection's side of the fan-out: what it follows, its {@link LatestStates}, and the one
 * asynchronous send it may have in flight. Sends are never blocking: a lane only offers a message
 * and, if nothing is in flight, asks a sender thread to start one; the completion of each send
 * starts the next, and whatever waits by then leaves together (a batch, when the client reads
 * them). So a subscriber that stops reading holds at most one state per document here, and never
 * holds up the lane, the writer or any other subscriber. Once a send stays unfinished longer than
 * the bound (or too many documents wait), it ends itself with 1013.
 *
 * <p>It never calls back into the registry: it knows a clock, the counters and a narrow {@link
 * Host} that runs its sends and hears when it must end, as centrifuge's per-connection writer knows
 * only a write function and hands its "too slow" verdict to its caller.
 */
public final class Outbox {

  /** What an outbox needs from whoever holds its connection. */
  interface Host {

    /** Runs {@code pump} on a sender thread: a lane only offers, it never sends. */
    void send(Runnable pump);

    /**
     * The connection must end: forget the outbox, then close its subscriber with {@code code}, or
     * not at all when {@code code} is 0 (its transport failed already).
     */
    void end(Outbox outbox, int code, String reason);
  }

  // One batched send carries at most this much text: big enough to amortize a send over hundreds of
  // small states, small enough that a frame stays cheap for any client to buffer.
  static final int MAX_BATCH_CHARS = 64 * 1024;

  private final Subscriber subscriber;
  private final String subject;
  private final Instant expiresAt;
  private final StreamLimits limits;
  private final StreamCounters counters;
  private final LongSupplier nanos;
  private final Host host;

  // Everything below is guarded by this.
  private final LatestStates states = new LatestStates();
  private final Map<String, String> lastOffered = new HashMap<>();
  private final Set<String> ids = new HashSet<>();
  private final Set<String> prefixes = new HashSet<>();
  private final Map<String, Runnable> rollups = new HashMap<>();
  private boolean sending;
  private boolean sendAsked;
  private long sendingSince;
  private long lastSent;
  private Thread pumper;
  private boolean closed;
  private int closeCode;
  private String closeReason;

  Outbox(
      Subscriber subscriber,
      String subject,
      Instant expiresAt,
      StreamLimits limits,
      StreamCounters counters,
      LongSupplier nanos,
      Host host) {
    this.subscriber = subscriber;
    this.subject = subject;
    this.expiresAt = expiresAt;
    this.limits = limits;
    this.counters = counters;
    this.nanos = nanos;
    this.host = host;
    this.lastSent = nanos.getAsLong();
  }

  public String subject() {
    return subject;
  }

  Subscriber subscriber() {
    return subscriber;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Offers the state {@code key} of document {@code id}. The same state twice in a row is sent once
   * (a snapshot taken while the change that made it was still on its way).
   */
  void offerState(String id, String key, String text) {
    offerState(id, key, LatestStates.Message.untimed(text));
  }

  /** As above, for a message rendered once for every subscriber of a change. */
  void offerState(String id, String key, LatestStates.Message message) {
    boolean replaced;
    synchronized (this) {
      if (closed || key.equals(lastOffered.get(id))) {
        return;
      }
      lastOffered.put(id, key);
      replaced = states.put(id, message);
    }
    if (replaced) {
      counters.countConflated();
    }
    checkBounds();
    askToSend();
  }

  /** Ends a connection that stayed behind past the stream's bounds with 1013. */
  void checkBounds() {
    if (behind(nanos.getAsLong(), limits.maxLag().toNanos(), limits.maxPending())) {
      counters.countClosedSlow();
      host.end(this, 1013, "too slow: behind by more than the stream's bound");
    }
  }

  /**
   * Offers the latest roll-up of {@code prefix}: like a document's state, an unsent one is replaced
   * by a newer one, so a slow reader of a busy fleet never falls behind on roll-ups.
   */
  public void offerRollup(String prefix, String text) {
    // a space can start no document id, so this slot never meets a document's
    offerState(" rollup " + prefix, text, text);
  }

  /**
   * Follows the roll-up of {@code prefix}: {@code start} subscribes (offering the first roll-up at
   * once) and returns how to stop. False when {@code limit} roll-ups are followed already.
   */
  public boolean followRollup(String prefix, int limit, Supplier<Runnable> start) {
    Runnable reserved = () -> {};
    synchronized (this) {
      if (closed || rollups.containsKey(prefix)) {
        return true;
      }
      if (rollups.size() >= limit) {
        return false;
      }
      rollups.put(prefix, reserved);
    }
    // started outside the lock: the first roll-up is offered to this outbox from here
    Runnable stop;
    try {
      stop = start.get();
    } catch (RuntimeException refused) {
      synchronized (this) {
        rollups.remove(prefix, reserved);
      }
      throw refused;
    }
    boolean kept;
    synchronized (this) {
      kept = !closed && rollups.replace(prefix, reserved, stop);
    }
    if (!kept) {
      stop.run();
    }
    return true;
  }

  public void unfollowRollup(String prefix) {
    Runnable stop;
    synchronized (this) {
      stop = rollups.remove(prefix);
    }
    if (stop != null) {
      stop.run();
    }
  }

  /** Stops every roll-up this connection follows (it closed). */
  void stopRollups() {
    List<Runnable> stops;
    synchronized (this) {
      stops = new ArrayList<>(rollups.values());
      rollups.clear();
    }
    stops.forEach(Runnable::run);
  }

  /** Queues a message that belongs to no document. */
  public void offerControl(String text) {
    synchronized (this) {
      if (closed) {
        return;
      }
      states.putControl(text);
    }
    askToSend();
  }

  /** Sends {@code text} (an {@code error}), then closes with {@code code} once it is out. */
  public void closeAfter(String text, int code, String reason) {
    synchronized (this) {
      if (closed || closeReason != null) {
        return;
      }
      states.putControl(text);
      closeCode = code;
      closeReason = reason;
    }
    askToSend();
  }

  /**
   * Has a sender start the next send, unless one is in flight (its completion starts the next) or
   * already asked for: what is offered meanwhile goes along in the same send.
   */
  private void askToSend() {
    synchronized (this) {
      if (sending || sendAsked || closed) {
        return;
      }
      sendAsked = true;
    }
    host.send(
        () -> {
          synchronized (this) {
            sendAsked = false;
          }
          pump();
        });
  }

  /** Starts the next send unless one is in flight; repeats while sends complete on this thread. */
  private void pump() {
    List<String> batch;
    long writtenAt;
    Thread me = Thread.currentThread();
    synchronized (this) {
      batch = next(me);
      if (batch == null) {
        return;
      }
      writtenAt = states.takenWrittenAt();
    }
    while (true) {
      int messages = batch.size();
      long timed = writtenAt;
      subscriber.send(batch, failure -> sent(messages, timed, failure));
      synchronized (this) {
        if (sending) {
          if (pumper == me) {
            pumper = null;
          }
          return;
        }
        // the send completed on this very thread: loop here instead of recursing
        batch = next(me);
        if (batch == null) {
          return;
        }
        writtenAt = states.takenWrittenAt();
      }
    }
  }

  // guarded by this
  private List<String> next(Thread me) {
    if (sending || closed) {
      return null;
    }
    List<String> batch = states.take(subscriber.maxBatch(), MAX_BATCH_CHARS);
    if (batch.isEmpty()) {
      if (closeReason != null) {
        closed = true;
        host.end(this, closeCode, closeReason);
      }
      pumper = null;
      return null;
    }
    sending = true;
    sendingSince = nanos.getAsLong();
    pumper = me;
    return batch;
  }

  private void sent(int messages, long writtenAt, Throwable failure) {
    boolean again;
    synchronized (this) {
      sending = false;
      lastSent = nanos.getAsLong();
      again = pumper != Thread.currentThread();
    }
    counters.countSent(messages);
    if (failure != null) {
      host.end(this, 0, "send failed");
      return;
    }
    if (writtenAt != LatestStates.Message.UNTIMED) {
      subscriber.updateSent(writtenAt);
    }
    if (again) {
      pump();
    }
  }

  private synchronized boolean behind(long now, long maxLagNanos, int maxPending) {
    return !closed && ((sending && now - sendingSince > maxLagNanos) || states.size() > maxPending);
  }

  synchronized boolean idleSince(long now, long nanos) {
    return !closed && !sending && states.isEmpty() && now - lastSent > nanos;
  }

  /** Marks this closed and returns what it followed, so the registry can forget it. */
  synchronized Followed shut() {
    closed = true;
    states.clear();
    lastOffered.clear();
    Followed followed = new Followed(List.copyOf(ids), List.copyOf(prefixes));
    ids.clear();
    prefixes.clear();
    return followed;
  }

  synchronized boolean closed() {
    return closed;
  }

  synchronized int subscriptions() {
    return ids.size() + prefixes.size();
  }

  synchronized int pending() {
    return states.size();
  }

  /** Adds ids and prefixes unless the limit would be passed; returns the ones that were new. */
  synchronized Followed follow(List<String> newIds, String prefix, int limit) {
    List<String> addedIds = newIds.stream().filter(id -> !ids.contains(id)).distinct().toList();
    boolean addPrefix = prefix != null && !prefixes.contains(prefix);
    int after = ids.size() + prefixes.size() + addedIds.size() + (addPrefix ? 1 : 0);
    if (closed || after > limit) {
      return null;
    }
    ids.addAll(addedIds);
    if (addPrefix) {
      prefixes.add(prefix);
    }
    return new Followed(addedIds, addPrefix ? List.of(prefix) : List.of());
  }

  /** Removes ids and a prefix; returns the ones that were followed. */
  synchronized Followed unfollow(List<String> oldIds, String prefix) {
    List<String> removedIds = oldIds.stream().distinct().filter(ids::remove).toList();
    for (String id : removedIds) {
      states.drop(id);
      lastOffered.remove(id);
    }
    boolean removedPrefix = prefix != null && prefixes.remove(prefix);
    return new Followed(removedIds, removedPrefix ? List.of(prefix) : List.of());
  }

  /**
   * Forgets the last state offered of a removed document it follows only through a prefix, so a
   * long-lived prefix subscription does not grow with every document ever seen.
   */
  synchronized void forget(String id) {
    if (!ids.contains(id)) {
      lastOffered.remove(id);
    }
  }

  /** Ids and prefixes, as added or removed in one step. */
  record Followed(List<String> ids, List<String> prefixes) {}
}
