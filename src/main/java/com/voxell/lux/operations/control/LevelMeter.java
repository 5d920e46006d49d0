package com.voxell.lux.operations.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A gauge: a level read from its owner when asked (documents held), or kept here by ups and downs
 * per label value.
 */
public final class LevelMeter extends Meter {

  private final String label;
  private final LongSupplier reading;
  private final Map<String, LongAdder> levels = new LinkedHashMap<>();
  private final Map<String, LongSupplier> readings = new LinkedHashMap<>();

  private LevelMeter(String name, String help, String label, LongSupplier reading) {
    super(name, help, "gauge");
    this.label = label;
    this.reading = reading;
  }

  /** A level read from {@code reading} each time it is exported. */
  public static LevelMeter reading(String name, String help, LongSupplier reading) {
    return new LevelMeter(name, help, null, reading);
  }

  /** A level kept here, one series per label value, each starting at 0. */
  public static LevelMeter labeled(String name, String help, String label, List<String> values) {
    LevelMeter meter = new LevelMeter(name, help, label, null);
    values.forEach(value -> meter.levels.put(value, new LongAdder()));
    return meter;
  }

  /** One series per label value, each read from its own supplier when exported. */
  public static LevelMeter readings(
      String name, String help, String label, Map<String, LongSupplier> readings) {
    LevelMeter meter = new LevelMeter(name, help, label, null);
    meter.readings.putAll(readings);
    return meter;
  }

  public void add(String labelValue, long delta) {
    series(levels, label, labelValue).add(delta);
  }

  @Override
  public List<Sample> samples() {
    if (reading != null) {
      return List.of(Sample.of(name(), reading.getAsLong()));
    }
    List<Sample> samples = new ArrayList<>(levels.size() + readings.size());
    readings.forEach(
        (value, level) -> samples.add(new Sample(name(), label, value, level.getAsLong())));
    addSamples(samples, label, levels);
    return samples;
  }
}
