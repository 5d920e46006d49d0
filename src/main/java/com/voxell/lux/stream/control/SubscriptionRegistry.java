package com.voxell.lux.stream.control;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.Interest;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.DocumentPrefix;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.entity.StreamLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Every live subscription, fed by the backplane's changes. The backplane calls {@link
 * #changed(Change)} under the document's lock on the writer's thread, so that method only appends
 * the change to the document's lane; serializing and offering happen there. Knows its subscribers
 * only as {@link Subscriber}s, so WebSocket and SSE share it and tests need no server.
 */
public final class SubscriptionRegistry {

  private final StreamLimits limits;
  private final Clock clock;
  private final LongSupplier nanos;
  private final Executor closer;
  private final Lane[] lanes;
  private final ExecutorService senders;
  private final CatchUp catchUp;
  private final StreamCounters counters = new StreamCounters();
  private final Set<Outbox> outboxes = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> perSubject = new ConcurrentHashMap<>();
  private final Backplane backplane;
  private final Interest interest;
  // Guarded by itself: how many connections follow each prefix on this node. Lane work of a prefix
  // is queued under it, so a prefix's first follow (which reads the store) and its last unfollow
  // reach every lane in the order they were counted.
  private final Map<String, Integer> prefixFollows = new HashMap<>();

  /**
   * @param closer runs {@link Subscriber#close} off the lanes (a close may wait on the network)
   */
  public SubscriptionRegistry(
      Backplane backplane,
      StreamLimits limits,
      ThreadFactory threads,
      Executor closer,
      Clock clock,
      LongSupplier nanos) {
    this.backplane = backplane;
    this.interest = backplane.interest();
    this.limits = limits;
    this.clock = clock;
    this.nanos = nanos;
    this.closer = closer;
    this.lanes = new Lane[limits.lanes()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane(threads, backplane::get, this::reissueAbove, counters);
    }
    this.senders = Executors.newFixedThreadPool(lanes.length, threads);
    this.catchUp = new CatchUp(backplane, lanes, this::lane, threads, clock, counters);
    backplane.listen(this::changed);
    backplane.onOwnershipChange(catchUp::noticed);
  }

  /** Called by the backplane under the document's lock: only hands the change to its lane. */
  void changed(Change change) {
    lane(change.id()).offer(change);
  }

  /** A lane passed on {@code sent}, which the store no longer holds: the catch-up re-issues. */
  private void reissueAbove(Document sent) {
    catchUp.reissueAbove(sent);
  }

  private Lane lane(String id) {
    return lanes[Math.floorMod(id.hashCode(), lanes.length)];
  }

  /**
   * Registers a connection of {@code subject}; a {@link Problem} (503, close 1013) when the subject
   * already holds as many as it may.
   */
  public Outbox open(Subscriber subscriber, String subject, Instant expiresAt) {
    AtomicInteger count = perSubject.computeIfAbsent(subject, key -> new AtomicInteger());
    if (count.incrementAndGet() > limits.connectionsPerSubject()) {
      release(subject);
      throw new Problem(
          Problem.Kind.UNAVAILABLE,
          "'"
              + subject
              + "' already holds "
              + limits.connectionsPerSubject()
              + " stream connections, its limit.");
    }
    Outbox outbox = new Outbox(subscriber, subject, expiresAt, limits, counters, nanos, host);
    outboxes.add(outbox);
    counters.addConnections(1);
    return outbox;
  }

  private void release(String subject) {
    perSubject.computeIfPresent(
        subject, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /**
   * Follows documents: offers each one's {@code snapshot} or {@code missing}, then, when {@code
   * announce}, a {@code subscribed} message. A {@link Problem} when ids are invalid or the
   * subscription limit would be passed; nothing changes then.
   */
  public void subscribe(Outbox outbox, List<String> ids, boolean announce) {
    subscribe(outbox, ids, announce, false);
  }

  /** As {@link #subscribe(Outbox, List, boolean)}, with the timeline in snapshots when asked. */
  public void subscribe(Outbox outbox, List<String> ids, boolean announce, boolean timeline) {
    ids.forEach(DocumentId::of);
    Outbox.Followed added = outbox.follow(ids, null, limits.subscriptionsPerConnection());
    requireRoom(added);
    if (added.ids().isEmpty()) {
      if (announce) {
        outbox.offerControl(StreamMessages.subscribedToIds(ids, 0));
      }
      return;
    }
    if (!hear(outbox, added)) {
      return;
    }
    AtomicInteger remaining = new AtomicInteger(added.ids().size());
    AtomicInteger found = new AtomicInteger();
    for (String id : added.ids()) {
      Lane lane = lane(id);
      lane.execute(
          () -> {
            if (lane.follow(outbox, id, timeline)) {
              found.incrementAndGet();
            }
            if (remaining.decrementAndGet() == 0 && announce) {
              outbox.offerControl(StreamMessages.subscribedToIds(added.ids(), found.get()));
            }
          });
    }
  }

  /**
   * Follows every document under {@code prefix}, present and future: snapshots of those that exist,
   * then {@code subscribed} with their count, then every creation, change and removal.
   */
  public void subscribePrefix(Outbox outbox, String prefix) {
    subscribePrefix(outbox, prefix, false);
  }

  /** As {@link #subscribePrefix(Outbox, String)}, with the timeline in snapshots when asked. */
  public void subscribePrefix(Outbox outbox, String prefix, boolean timeline) {
    DocumentPrefix.of(prefix);
    Outbox.Followed added = outbox.follow(List.of(), prefix, limits.subscriptionsPerConnection());
    requireRoom(added);
    if (added.prefixes().isEmpty()) {
      outbox.offerControl(StreamMessages.subscribedToPrefix(prefix, 0));
      return;
    }
    if (!hear(outbox, added)) {
      return;
    }
    AtomicInteger remaining = new AtomicInteger(lanes.length);
    AtomicInteger found = new AtomicInteger();
    PrefixRead read = null;
    synchronized (prefixFollows) {
      if (prefixFollows.merge(prefix, 1, Integer::sum) == 1) {
        read = new PrefixRead(prefix, lanes.length);
      }
      PrefixRead first = read;
      for (Lane lane : lanes) {
        lane.execute(
            () -> {
              List<Document> preload = first == null ? null : first.awaitFor(lane);
              found.addAndGet(lane.followPrefix(outbox, prefix, timeline, preload));
              if (remaining.decrementAndGet() == 0) {
                outbox.offerControl(StreamMessages.subscribedToPrefix(prefix, found.get()));
              }
            });
      }
    }
    if (read != null && !read.run(backplane, this::lane)) {
      // The lanes went on without the prefix's documents: this connection's state would be partial.
      host.end(outbox, 1013, "cluster unavailable, try again later");
    }
  }

  /**
   * Has the cluster send this node the changes of what {@code outbox} now follows too, before its
   * snapshots are read; undoes the follow and throws (503) when it cannot.
   *
   * @return {@code false} when this node's backplane is down (the minority side of a split): the
   *     connection is then closed with 1013, so its client reconnects, through its load balancer,
   *     to a node that reaches the cluster. Such a node holds only part of the documents, and a
   *     snapshot read from it would call a document that exists {@code missing}.
   */
  private boolean hear(Outbox outbox, Outbox.Followed added) {
    String prefix = added.prefixes().isEmpty() ? null : added.prefixes().get(0);
    if (!backplane.up()) {
      outbox.unfollow(added.ids(), prefix);
      host.end(outbox, 1013, "this node does not reach the cluster; reconnect");
      return false;
    }
    try {
      interest.follow(added.ids(), added.prefixes());
    } catch (RuntimeException e) {
      outbox.unfollow(added.ids(), prefix);
      throw e;
    }
    return true;
  }

  private void requireRoom(Outbox.Followed added) {
    if (added == null) {
      throw Problem.invalid(
          "A connection may follow at most "
              + limits.subscriptionsPerConnection()
              + " ids and prefixes; unsubscribe first.");
    }
  }

  /** Stops following ids or a prefix, then offers {@code unsubscribed}. */
  public void unsubscribe(Outbox outbox, List<String> ids, String prefix) {
    Outbox.Followed removed = outbox.unfollow(ids == null ? List.of() : ids, prefix);
    forget(outbox, removed);
    outbox.offerControl(StreamMessages.unsubscribed(ids == null ? List.of() : ids, prefix));
  }

  private void forget(Outbox outbox, Outbox.Followed followed) {
    for (String id : followed.ids()) {
      Lane lane = lane(id);
      lane.execute(() -> lane.unfollow(outbox, id));
    }
    for (String prefix : followed.prefixes()) {
      synchronized (prefixFollows) {
        prefixFollows.computeIfPresent(prefix, (key, count) -> count == 1 ? null : count - 1);
        for (Lane lane : lanes) {
          lane.execute(() -> lane.unfollowPrefix(outbox, prefix));
        }
      }
    }
    interest.unfollow(followed.ids(), followed.prefixes());
  }

  /** Forgets a connection that closed (or failed); safe to call more than once. */
  public void close(Outbox outbox) {
    Outbox.Followed followed = outbox.shut();
    outbox.stopRollups();
    if (outboxes.remove(outbox)) {
      counters.addConnections(-1);
      release(outbox.subject());
    }
    forget(outbox, followed);
  }

  /** What every outbox may ask of the registry: a sender thread, and to be ended. */
  private final Outbox.Host host =
      new Outbox.Host() {
        /**
         * Runs an outbox's sends off the lanes: a lane only offers and asks for a send, so while a
         * sender is busy, whatever piles up for one connection leaves in one batched send.
         */
        @Override
        public void send(Runnable pump) {
          counters.addQueued(1);
          senders.execute(
              () -> {
                try {
                  pump.run();
                } finally {
                  counters.addQueued(-1);
                }
              });
        }

        /** Forgets the connection, then closes it with {@code code} off the calling thread. */
        @Override
        public void end(Outbox outbox, int code, String reason) {
          close(outbox);
          if (code != 0) {
            closer.execute(() -> outbox.subscriber().close(code, reason));
          }
        }
      };

  /**
   * The once-a-second chores: slow subscribers, expired grants, heartbeats, the transports' own
   * (pings, SSE comments), and the lanes' catch-up with the store after the cluster changed.
   */
  public void tick() {
    catchUp.tick();
    long now = nanos.getAsLong();
    Instant instant = clock.instant();
    long heartbeat = limits.heartbeat().toNanos();
    for (Outbox outbox : outboxes) {
      outbox.checkBounds();
      Instant expiresAt = outbox.expiresAt();
      if (expiresAt != null && !instant.isBefore(expiresAt)) {
        outbox.closeAfter(
            StreamMessages.error(401, "Credential expired", "The token expired.", null),
            1008,
            "credential expired");
      } else if (outbox.idleSince(now, heartbeat)) {
        outbox.offerControl(StreamMessages.HEARTBEAT);
      }
      outbox.subscriber().tick(now);
    }
  }

  /**
   * Closes every connection with {@code code} and goes on serving new ones: 1013 when this node's
   * state may be stale (it lost its cluster's quorum), so clients reconnect, through their load
   * balancer, to a node whose state is not.
   */
  public void closeConnections(int code, String reason) {
    for (Outbox outbox : new ArrayList<>(outboxes)) {
      host.end(outbox, code, reason);
    }
  }

  /**
   * Closes every connection with {@code code} on the calling thread, which returns once each close
   * is handed to its transport; the registry goes on taking changes and new connections.
   */
  public void closeConnectionsNow(int code, String reason) {
    for (Outbox outbox : new ArrayList<>(outboxes)) {
      close(outbox);
      outbox.subscriber().close(code, reason);
    }
  }

  /** Closes every connection with 1001 (the application stops: clients should reconnect). */
  public void closeAll() {
    closeConnectionsNow(1001, "server going away");
    catchUp.close();
    for (Lane lane : lanes) {
      lane.shutdown();
    }
    senders.shutdownNow();
  }

  /** Whether a catch-up is reading the store now (its lanes' work may still be queued after). */
  boolean catchingUp() {
    return catchUp.reading();
  }

  public StreamCounters counters() {
    return counters;
  }

  /** Unsent messages over all connections (at most one per followed document each). */
  public long pending() {
    long total = 0;
    for (Outbox outbox : outboxes) {
      total += outbox.pending();
    }
    return total;
  }

  /** Subscriptions the connections hold (ids plus prefixes). */
  public long subscriptions() {
    long total = 0;
    for (Outbox outbox : outboxes) {
      total += outbox.subscriptions();
    }
    return total;
  }

  /**
   * States skipped because a newer one replaced them unsent, since the start: per subscriber in its
   * outbox, or once for all in a lane that fell behind the writes.
   */
  public long conflated() {
    return counters.conflated();
  }
}
