package com.voxell.lux.operations.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A counter, split by one label whose values are known up front (so every series exists from the
 * start at 0, and a dashboard never sees a series appear), or read from the count its owner keeps.
 * Counting never blocks: a {@link LongAdder} per series.
 */
public final class CountMeter extends Meter {

  private final String label;
  private final Map<String, LongAdder> counts = new LinkedHashMap<>();
  private final LongSupplier reading;

  private CountMeter(
      String name, String help, String label, List<String> labelValues, LongSupplier reading) {
    super(name, help, "counter");
    this.label = label;
    this.reading = reading;
    labelValues.forEach(value -> counts.put(value, new LongAdder()));
  }

  /** A count its owner keeps (the stream's counters), read each time it is exported. */
  public static CountMeter reading(String name, String help, LongSupplier reading) {
    return new CountMeter(name, help, null, List.of(), reading);
  }

  public static CountMeter labeled(String name, String help, String label, List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " needs at least one value of " + label);
    }
    return new CountMeter(name, help, label, values, null);
  }

  /** Counts one for the label value; a value not declared up front is a programming error. */
  public void increment(String labelValue) {
    series(counts, label, labelValue).increment();
  }

  @Override
  public List<Sample> samples() {
    if (reading != null) {
      return List.of(Sample.of(name(), reading.getAsLong()));
    }
    List<Sample> samples = new ArrayList<>(counts.size());
    addSamples(samples, label, counts);
    return samples;
  }
}
