package com.voxell.lux.stream.control;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.control.ReissueMutation;
import com.voxell.lux.documents.entity.Document;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Brings the lanes back to the store's state after the cluster changed (a member came or went, a
 * frozen node woke, a split healed). A data grid fires no change event for what a merge or a
 * migration moved, and an event of a write applied by a member that then froze or left may never
 * come: the lanes, and so the subscribers and every later snapshot, would keep an older state until
 * the document's next write. So for a while after each such notice, the whole store is read in
 * batches off the lanes, and each lane passes on whatever differs from what it passed on ({@link
 * Lane#catchUp}). Late events and migrations keep coming for some seconds after the change itself,
 * so the store is read again 1, 2, 4, 8 and 16 s after the last notice; a node that hears none
 * reads nothing, and a write never pays for any of it.
 *
 * <p>A lane that finds it passed on a state the store no longer holds has the stored state
 * re-issued above it here ({@link #reissueAbove}), on the same thread as the reads: both may wait
 * on the grid.
 */
final class CatchUp implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(CatchUp.class.getName());

  /** The first read comes this long after a notice, each next one twice as long after it. */
  static final long FIRST_MILLIS = 1_000;

  /** No read is started longer than this after the last notice. */
  static final long WINDOW_MILLIS = 30_000;

  /** Documents read in one call: few calls for a large store, a bounded batch in memory. */
  static final int BATCH = 1_000;

  private final Backplane backplane;
  private final Lane[] lanes;
  private final Function<String, Lane> laneOf;
  private final Clock clock;
  private final StreamCounters counters;
  private final ExecutorService reader;
  private final AtomicBoolean reading = new AtomicBoolean();

  // Guarded by this: when the last notice came, the step to the next read, and when that is due.
  private long noticedAt;
  private long step;
  private long next = Long.MAX_VALUE;

  CatchUp(
      Backplane backplane,
      Lane[] lanes,
      Function<String, Lane> laneOf,
      ThreadFactory threads,
      Clock clock,
      StreamCounters counters) {
    this.backplane = backplane;
    this.lanes = lanes;
    this.laneOf = laneOf;
    this.clock = clock;
    this.counters = counters;
    // Reads may wait on the grid (an owner frozen until the grid gives up on it): never on a lane.
    this.reader = Executors.newSingleThreadExecutor(threads);
  }

  /** The cluster changed: reads the store again over the next seconds. Only notes the time. */
  synchronized void noticed() {
    noticedAt = clock.millis();
    step = FIRST_MILLIS;
    next = noticedAt + step;
  }

  /**
   * Called once a second: starts a read when one is due and none is under way. A node that is not
   * up reads nothing: on the minority side of a split its grid holds only part of the documents,
   * and the rest would look deleted (the merge that ends the split is noticed again).
   */
  void tick() {
    if (!reading.get()
        && due(clock.millis())
        && backplane.up()
        && reading.compareAndSet(false, true)) {
      reader.execute(this::readAll);
    }
  }

  boolean reading() {
    return reading.get();
  }

  private synchronized boolean due(long nowMillis) {
    if (nowMillis < next) {
      return false;
    }
    step *= 2;
    next = step <= WINDOW_MILLIS ? noticedAt + step : Long.MAX_VALUE;
    return true;
  }

  /**
   * Reads every document and hands each lane its own; then tells each lane which ids exist, so it
   * can pass on the removal of one it still holds.
   */
  private void readAll() {
    try {
      long started = System.nanoTime();
      Instant now = clock.instant();
      Set<String> present = new HashSet<>();
      backplane.scan(
          BATCH,
          batch -> {
            Map<Lane, List<Document>> byLane = new HashMap<>();
            for (Document document : batch) {
              present.add(document.id());
              byLane
                  .computeIfAbsent(laneOf.apply(document.id()), lane -> new ArrayList<>())
                  .add(document);
            }
            byLane.forEach((lane, read) -> lane.execute(() -> lane.catchUp(read, now)));
          });
      for (Lane lane : lanes) {
        lane.execute(() -> lane.catchUpRemovals(present, now));
      }
      LOG.log(
          System.Logger.Level.INFO,
          "lux stream catch-up after a cluster change read "
              + present.size()
              + " documents in "
              + (System.nanoTime() - started) / 1_000_000
              + " ms");
    } catch (RuntimeException e) {
      // Expected while the grid settles (a member leaving, a merge): the next read tries again.
      LOG.log(System.Logger.Level.INFO, "lux stream catch-up could not read the store yet: " + e);
    } finally {
      reading.set(false);
    }
  }

  /**
   * Queues the re-issue of a document's stored state above {@code sent}, a state a lane passed on
   * that the store no longer holds ({@link ReissueMutation}).
   */
  void reissueAbove(Document sent) {
    reader.execute(() -> reissue(sent));
  }

  private void reissue(Document sent) {
    try {
      Outcome outcome =
          backplane.apply(sent.id(), new ReissueMutation(sent.epoch(), sent.version()));
      if (outcome.changed()) {
        counters.countReissued();
        // Not a warning: the recovery from a fault the grid's own log reports.
        LOG.log(
            System.Logger.Level.INFO,
            "lux stream: subscribers were sent version "
                + sent.version()
                + " of a document, which the cluster lost (a write that a member applied as it"
                + " froze or left, never acknowledged); its stored state was re-issued as version "
                + outcome.next().version());
      }
    } catch (RuntimeException e) {
      // Refused while the cluster settles (503): the next catch-up read finds the lost state again.
      LOG.log(System.Logger.Level.INFO, "lux stream: a re-issue could not be written yet: " + e);
    }
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
