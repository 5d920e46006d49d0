package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.ProgressWindow;
import com.voxell.lux.documents.entity.TimelineEntry;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * Derives the next {@link Insight} from the previous one and a write's resulting data. Runs inside
 * the write, under the document's lock, so it does a few map look-ups and, only when something
 * moved, copies a window of at most {@link InsightSettings#windowSize()} samples or a timeline of
 * at most {@link InsightSettings#timelineSize()} entries.
 *
 * <ul>
 *   <li>A progress sample is taken when numeric {@code progress} goes up; going backwards starts
 *       the window over at the new value; a missing or non-numeric progress empties it.
 *   <li>The job moved when progress, step or status changed; otherwise a write past its stall time
 *       marks it stalled (unless its status is one of {@link Insight#RESTING}).
 *   <li>A change of step or status closes the open timeline entry and opens a new one.
 *   <li>ETA: the time at which progress reaches 100 at the window's rate, from the current
 *       progress; none while the rate is unknown or zero, progress is at 100 or more, the status is
 *       resting, the job is stalled, or the estimate lies more than a year ahead.
 * </ul>
 */
public final class InsightTracker {

  /** Step and status words longer than this are clipped in the timeline. */
  static final int MAX_WORD = 200;

  private static final long YEAR_MILLIS = 365L * 24 * 3600 * 1000;

  private InsightTracker() {}

  /**
   * @param current the previous insight; {@code null} (a new document) or {@link Insight#NONE}
   *     (nothing derived yet) starts afresh
   * @param data the document's data after the write
   * @param now the write's time, epoch milliseconds
   * @param stallOption the write's {@code stall} seconds, {@code null} to keep the current one
   */
  public static Insight next(
      Insight current, JsonObject data, long now, Long stallOption, InsightSettings settings) {
    Insight before = current != null && current.derived() ? current : fresh(now, settings);
    double progress = progressOf(data.get("progress"));
    String step = word(data.get("step"));
    String status = word(data.get("status"));

    ProgressWindow window = before.window();
    double previous = window.last();
    boolean progressMoved = Double.compare(progress, previous) != 0;
    if (progressMoved) {
      window = nextWindow(window, previous, progress, now, settings.windowSize());
    }
    boolean statusChanged = !Objects.equals(status, before.status());
    boolean stepChanged = statusChanged || !Objects.equals(step, before.step());
    // Keep one copy of each word: a fleet's timelines repeat the same few steps and statuses.
    step = !stepChanged ? before.step() : step == null ? null : step.intern();
    status = !statusChanged ? before.status() : status == null ? null : status.intern();
    List<TimelineEntry> timeline = before.timeline();
    long stepSince = before.stepSince();
    if (stepChanged) {
      if (before.hasOpenStep()) {
        timeline =
            append(
                timeline,
                new TimelineEntry(before.step(), before.status(), stepSince, now),
                settings.timelineSize());
      }
      stepSince = now;
    }
    long movedAt = progressMoved || stepChanged ? now : before.movedAt();
    long stallSeconds = stallOption != null ? stallOption : before.stallSeconds();
    boolean stalled =
        movedAt != now
            && stallSeconds > 0
            && Insight.canStall(status)
            && now - movedAt >= stallSeconds * 1000;
    double rate = window.pointsPerMinute(now);
    if (!Double.isNaN(rate)) {
      rate = Math.round(rate * 100) / 100.0;
    }
    return new Insight(
        window,
        step,
        status,
        stepSince,
        statusChanged ? now : before.statusSince(),
        movedAt,
        stallSeconds,
        stalled,
        rate,
        stalled ? 0 : eta(now, progress, rate, status),
        timeline);
  }

  private static Insight fresh(long now, InsightSettings settings) {
    return new Insight(
        ProgressWindow.EMPTY,
        null,
        null,
        now,
        now,
        now,
        settings.defaultStallSeconds(),
        false,
        Double.NaN,
        0,
        List.of());
  }

  private static ProgressWindow nextWindow(
      ProgressWindow window, double previous, double progress, long now, int capacity) {
    if (Double.isNaN(progress)) {
      return ProgressWindow.EMPTY;
    }
    if (Double.isNaN(previous) || progress < previous) {
      return ProgressWindow.startingAt(now, progress);
    }
    return window.plus(now, progress, capacity);
  }

  private static long eta(long now, double progress, double rate, String status) {
    if (!(rate > 0) || !(progress < 100) || !Insight.canStall(status)) {
      return 0;
    }
    double millis = (100 - progress) / rate * 60_000;
    return millis > YEAR_MILLIS ? 0 : now + Math.round(millis);
  }

  private static List<TimelineEntry> append(
      List<TimelineEntry> timeline, TimelineEntry entry, int capacity) {
    if (capacity == 0) {
      return List.of();
    }
    int keep = Math.min(timeline.size(), capacity - 1);
    TimelineEntry[] next = new TimelineEntry[keep + 1];
    for (int i = 0; i < keep; i++) {
      next[i] = timeline.get(timeline.size() - keep + i);
    }
    next[keep] = entry;
    return List.of(next);
  }

  /** Numeric progress, or NaN when it is missing or not a number. */
  static double progressOf(JsonValue value) {
    if (value instanceof JsonNumber number) {
      double progress = number.doubleValue();
      return Double.isFinite(progress) ? progress : Double.NaN;
    }
    return Double.NaN;
  }

  /** A step or status as text: strings as they are, numbers as written, anything else absent. */
  static String word(JsonValue value) {
    String text;
    if (value instanceof JsonString string) {
      text = string.getString();
    } else if (value instanceof JsonNumber number) {
      text = number.toString();
    } else {
      return null;
    }
    return text.length() > MAX_WORD ? text.substring(0, MAX_WORD) : text;
  }
}
