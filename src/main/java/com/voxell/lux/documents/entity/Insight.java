package com.voxell.lux.documents.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the broker derives from a job's own fields ({@code status}, {@code step}, {@code progress})
 * as writes arrive, kept with the document so it travels wherever the document does. Never part of
 * {@code data}. Times are epoch milliseconds.
 *
 * @param window the last moves of {@code progress} (empty while progress is unknown)
 * @param step the current {@code step} as text, or {@code null}
 * @param status the current {@code status} as text, or {@code null}
 * @param stepSince when the current step/status pair began (start of the open timeline entry)
 * @param statusSince when the current status began
 * @param movedAt when progress, step or status last changed
 * @param stallSeconds writes without movement for this long mark the job stalled; 0 = never
 * @param stalled whether the job is stalled: alive (writing) but not moving
 * @param rate progress points per minute, NaN when unknown
 * @param eta when progress should reach 100, 0 when there is no estimate
 * @param timeline finished step/status entries, oldest first, capped
 */
public record Insight(
    ProgressWindow window,
    String step,
    String status,
    long stepSince,
    long statusSince,
    long movedAt,
    long stallSeconds,
    boolean stalled,
    double rate,
    long eta,
    List<TimelineEntry> timeline)
    implements Serializable {

  /** Statuses in which standing still is expected: finished, or waiting for a person. */
  public static final Set<String> RESTING = Set.of("complete", "failed", "waiting");

  /** Nothing known yet (a document made without the write path, e.g. in a test). */
  public static final Insight NONE =
      new Insight(ProgressWindow.EMPTY, null, null, 0, 0, 0, 0, false, Double.NaN, 0, List.of());

  public Insight {
    Objects.requireNonNull(window);
    timeline = List.copyOf(timeline);
  }

  /** Whether a write derived this ({@link #NONE} and its copies were not: they never moved). */
  public boolean derived() {
    return movedAt != 0;
  }

  public double progress() {
    return window.last();
  }

  public boolean hasRate() {
    return !Double.isNaN(rate);
  }

  public boolean hasEta() {
    return eta != 0;
  }

  /** Whether the timeline has an open entry: the current step or status. */
  public boolean hasOpenStep() {
    return step != null || status != null;
  }

  /** Whether a job in this status can stall (it is not finished and not waiting for a person). */
  public static boolean canStall(String status) {
    return status == null || !RESTING.contains(status);
  }

  /**
   * Whether, at {@code now}, a job last written at {@code updatedAt} has written since it last
   * moved yet stood still past its stall time, and is not yet marked.
   */
  public boolean stallDueAt(Instant now, Instant updatedAt) {
    return now.toEpochMilli() >= stallDueMillis(updatedAt);
  }

  /**
   * When a job last written at {@code updatedAt} turns stalled if nothing moves meanwhile (epoch
   * ms), or {@link Long#MAX_VALUE} when it cannot: it is marked already, never stalls, rests, or
   * has not written since it last moved (only a write can change that, and a write is a change).
   */
  public long stallDueMillis(Instant updatedAt) {
    return !stalled && stallSeconds > 0 && canStall(status) && updatedAt.toEpochMilli() > movedAt
        ? movedAt + stallSeconds * 1000
        : Long.MAX_VALUE;
  }

  /** This insight marked stalled; a stalled job has no ETA. */
  public Insight markedStalled() {
    return new Insight(
        window,
        step,
        status,
        stepSince,
        statusSince,
        movedAt,
        stallSeconds,
        true,
        rate,
        0,
        timeline);
  }
}
