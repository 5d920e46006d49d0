package com.voxell.lux.operations.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Lux metric family: a name, a line of help, a Prometheus type and its current samples. What
 * the three kinds share (the family's description, series kept per declared label value) is here.
 */
public abstract sealed class Meter permits CountMeter, LevelMeter, LatencyMeter {

  private final String name;
  private final String help;
  private final String type;

  Meter(String name, String help, String type) {
    this.name = name;
    this.help = help;
    this.type = type;
  }

  public final String name() {
    return name;
  }

  public final String help() {
    return help;
  }

  /** {@code counter}, {@code gauge} or {@code histogram}. */
  public final String type() {
    return type;
  }

  /** Every series of the family, in a stable order. */
  public abstract List<Sample> samples();

  /** The series of a label value; a value not declared up front is a programming error. */
  final LongAdder series(Map<String, LongAdder> series, String label, String labelValue) {
    LongAdder adder = series.get(labelValue);
    if (adder == null) {
      throw new IllegalArgumentException(name + " has no " + label + " '" + labelValue + "'");
    }
    return adder;
  }

  /** One sample per series kept here, labeled unless {@code label} is null. */
  final void addSamples(List<Sample> samples, String label, Map<String, LongAdder> series) {
    series.forEach(
        (value, adder) ->
            samples.add(
                label == null
                    ? Sample.of(name, adder.sum())
                    : new Sample(name, label, value, adder.sum())));
  }

  /**
   * One series: its full name (the family name, or with {@code _bucket}, {@code _sum}, {@code
   * _count} for a histogram), at most one label, and the value now.
   */
  public record Sample(String name, String label, String labelValue, double value) {

    public static Sample of(String name, double value) {
      return new Sample(name, null, null, value);
    }
  }
}
