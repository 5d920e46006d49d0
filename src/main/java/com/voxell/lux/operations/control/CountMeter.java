package com.voxell.lux.operations.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A counter, optionally split by one label whose values are known up front (so every series exists
 * from the start at 0, and a dashboard never sees a series appear). Counting never blocks: a {@link
 * LongAdder} per series.
 */
public final class CountMeter implements Meter {

  private final String name;
  private final String help;
  private final String label;
  private final Map<String, LongAdder> counts = new LinkedHashMap<>();
  private final LongSupplier reading;

  private CountMeter(
      String name, String help, String label, List<String> labelValues, LongSupplier reading) {
    this.name = name;
    this.help = help;
    this.label = label;
    this.reading = reading;
    labelValues.forEach(value -> counts.put(value, new LongAdder()));
  }

  /** A count its owner keeps (the stream's counters), read each time it is exported. */
  public static CountMeter reading(String name, String help, LongSupplier reading) {
    return new CountMeter(name, help, null, List.of(), reading);
  }

  public static CountMeter of(String name, String help) {
    return new CountMeter(name, help, null, List.of(""), null);
  }

  public static CountMeter labeled(String name, String help, String label, List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " needs at least one value of " + label);
    }
    return new CountMeter(name, help, label, values, null);
  }

  public void increment() {
    increment("");
  }

  /** Counts one for the label value; a value not declared up front is a programming error. */
  public void increment(String labelValue) {
    LongAdder count = counts.get(labelValue);
    if (count == null) {
      throw new IllegalArgumentException(name + " has no " + label + " '" + labelValue + "'");
    }
    count.increment();
  }

  public long count(String labelValue) {
    return counts.get(labelValue).sum();
  }

  public long count() {
    return reading != null ? reading.getAsLong() : count("");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String help() {
    return help;
  }

  @Override
  public String type() {
    return "counter";
  }

  @Override
  public List<Sample> samples() {
    if (reading != null) {
      return List.of(Sample.of(name, reading.getAsLong()));
    }
    List<Sample> samples = new ArrayList<>(counts.size());
    counts.forEach(
        (value, count) ->
            samples.add(
                label == null
                    ? Sample.of(name, count.sum())
                    : new Sample(name, label, value, count.sum())));
    return samples;
  }
}
