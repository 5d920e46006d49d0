package com.voxell.lux.stream.control;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stream's counters, in one place: the admin call shows them and a metrics endpoint can expose
 * the same numbers. Registrations are counted where the lanes hold them, so an empty registry reads
 * zero here only when the lanes really let go.
 */
public final class StreamCounters {

  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong registrations = new AtomicLong();
  private final AtomicLong queued = new AtomicLong();
  private final LongAdder sent = new LongAdder();
  private final LongAdder sends = new LongAdder();
  private final LongAdder fannedOut = new LongAdder();
  private final LongAdder closedSlow = new LongAdder();
  private final LongAdder conflated = new LongAdder();
  private final LongAdder caughtUp = new LongAdder();
  private final LongAdder reissued = new LongAdder();

  void addConnections(int delta) {
    connections.addAndGet(delta);
  }

  void addRegistrations(int delta) {
    registrations.addAndGet(delta);
  }

  void addQueued(int delta) {
    queued.addAndGet(delta);
  }

  void countSent(int messages) {
    sent.add(messages);
    sends.increment();
  }

  void countFannedOut(int subscribers) {
    fannedOut.add(subscribers);
  }

  void countClosedSlow() {
    closedSlow.increment();
  }

  void countConflated() {
    conflated.increment();
  }

  void countCaughtUp() {
    caughtUp.increment();
  }

  void countReissued() {
    reissued.increment();
  }

  /** Open connections (WebSocket and SSE). */
  public long connections() {
    return connections.get();
  }

  /**
   * Subscriptions held by the lanes: one per followed id, and one per prefix subscription on every
   * lane.
   */
  public long registrations() {
    return registrations.get();
  }

  /** Changes and subscription steps waiting on the lanes. */
  public long queued() {
    return queued.get();
  }

  /** Messages sent since start. */
  public long sent() {
    return sent.sum();
  }

  /** Sends since start (WebSocket frames, SSE writes): fewer than messages when batched. */
  public long sends() {
    return sends.sum();
  }

  /** Messages offered to subscribers since start (before conflation). */
  public long fannedOut() {
    return fannedOut.sum();
  }

  /** Unsent states replaced by a newer one since start, over every connection ever opened. */
  public long conflated() {
    return conflated.sum();
  }

  /**
   * States (removals included) the lanes passed on after reading the store again when the cluster
   * changed: each one this node's change events had not brought, or not yet.
   */
  public long caughtUp() {
    return caughtUp.sum();
  }

  /**
   * Documents whose stored state this node re-issued under a newer version, because subscribers had
   * been sent a state the cluster then lost.
   */
  public long reissued() {
    return reissued.sum();
  }

  /** Subscribers closed with 1013 for staying behind. */
  public long closedSlow() {
    return closedSlow.sum();
  }
}
