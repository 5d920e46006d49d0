package com.voxell.lux.operations.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram in seconds with fixed buckets, exported the Prometheus way: cumulative {@code
 * _bucket{le=…}} series, {@code _sum} and {@code _count}. Observing is two adds, never a lock.
 */
public final class LatencyMeter extends Meter {

  /** Upper bounds in seconds: sub-millisecond fan-out up to a stalled half minute. */
  public static final double[] BOUNDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
  private final LongAdder sumNanos = new LongAdder();

  public LatencyMeter(String name, String help) {
    super(name, help, "histogram");
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  public void observeNanos(long nanos) {
    long clamped = Math.max(0, nanos);
    double seconds = clamped / 1e9;
    int bucket = 0;
    while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
      bucket++;
    }
    buckets[bucket].increment();
    sumNanos.add(clamped);
  }

  @Override
  public List<Sample> samples() {
    List<Sample> samples = new ArrayList<>(buckets.length + 2);
    long cumulative = 0;
    for (int i = 0; i < buckets.length; i++) {
      cumulative += buckets[i].sum();
      String le = i < BOUNDS.length ? PrometheusText.number(BOUNDS[i]) : "+Inf";
      samples.add(new Sample(name() + "_bucket", "le", le, cumulative));
    }
    samples.add(Sample.of(name() + "_sum", sumNanos.sum() / 1e9));
    samples.add(Sample.of(name() + "_count", cumulative));
    return samples;
  }
}
