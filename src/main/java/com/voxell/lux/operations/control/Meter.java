package com.voxell.lux.operations.control;

import java.util.List;

/** One Lux metric family: a name, a line of help, a Prometheus type and its current samples. */
public sealed interface Meter permits CountMeter, LevelMeter, LatencyMeter {

  String name();

  String help();

  /** {@code counter}, {@code gauge} or {@code histogram}. */
  String type();

  /** Every series of the family, in a stable order. */
  List<Sample> samples();

  /**
   * One series: its full name (the family name, or with {@code _bucket}, {@code _sum}, {@code
   * _count} for a histogram), at most one label, and the value now.
   */
  record Sample(String name, String label, String labelValue, double value) {

    public static Sample of(String name, double value) {
      return new Sample(name, null, null, value);
    }
  }
}
