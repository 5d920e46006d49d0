package com.voxell.lux.documents.entity;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The last few moves of a job's {@code progress}: (time, progress) samples, oldest first, each
 * taken when a write moved progress up. Immutable and bounded; a move makes a new window.
 *
 * <p>The rate is the least-squares slope over the samples plus one more point, (now, the current
 * progress), when now is past the last sample: so a job that stops moving sees its rate decay
 * instead of keeping the speed of its last burst. Fewer than two samples (progress never moved
 * since the window started) means no rate.
 */
public final class ProgressWindow implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final double MILLIS_PER_MINUTE = 60_000.0;

  public static final ProgressWindow EMPTY = new ProgressWindow(new long[0], new double[0]);

  private final long[] times;
  private final double[] values;

  private ProgressWindow(long[] times, double[] values) {
    this.times = times;
    this.values = values;
  }

  /** A window holding only this sample: where a new run of progress starts. */
  public static ProgressWindow startingAt(long time, double progress) {
    return new ProgressWindow(new long[] {time}, new double[] {progress});
  }

  /** A window of these samples (copied), oldest first; as read back from a stored form. */
  public static ProgressWindow of(long[] times, double[] values) {
    if (times.length != values.length) {
      throw new IllegalArgumentException("every sample needs a time and a value");
    }
    return times.length == 0 ? EMPTY : new ProgressWindow(times.clone(), values.clone());
  }

  public long timeAt(int index) {
    return times[index];
  }

  public double valueAt(int index) {
    return values[index];
  }

  /** This window with one more sample, dropping the oldest past {@code capacity}. */
  public ProgressWindow plus(long time, double progress, int capacity) {
    int keep = Math.min(times.length, capacity - 1);
    long[] nextTimes = new long[keep + 1];
    double[] nextValues = new double[keep + 1];
    System.arraycopy(times, times.length - keep, nextTimes, 0, keep);
    System.arraycopy(values, values.length - keep, nextValues, 0, keep);
    nextTimes[keep] = time;
    nextValues[keep] = progress;
    return new ProgressWindow(nextTimes, nextValues);
  }

  public int size() {
    return times.length;
  }

  /** The latest sample's progress; NaN when the window is empty. */
  public double last() {
    return times.length == 0 ? Double.NaN : values[values.length - 1];
  }

  /** Progress points per minute at {@code now}, or NaN when the window cannot tell. */
  public double pointsPerMinute(long now) {
    int n = times.length;
    if (n < 2) {
      return Double.NaN;
    }
    boolean tail = now > times[n - 1];
    int points = tail ? n + 1 : n;
    long origin = times[0];
    double sumX = 0;
    double sumY = 0;
    for (int i = 0; i < points; i++) {
      sumX += x(i, now, origin);
      sumY += y(i);
    }
    double meanX = sumX / points;
    double meanY = sumY / points;
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < points; i++) {
      double dx = x(i, now, origin) - meanX;
      covariance += dx * (y(i) - meanY);
      variance += dx * dx;
    }
    return variance == 0 ? Double.NaN : covariance / variance * MILLIS_PER_MINUTE;
  }

  private double x(int i, long now, long origin) {
    return (i < times.length ? times[i] : now) - origin;
  }

  private double y(int i) {
    return values[Math.min(i, values.length - 1)];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProgressWindow window
        && Arrays.equals(times, window.times)
        && Arrays.equals(values, window.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(times) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ProgressWindow" + Arrays.toString(times) + Arrays.toString(values);
  }
}
