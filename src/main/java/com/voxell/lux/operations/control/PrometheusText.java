package com.voxell.lux.operations.control;

import java.math.BigDecimal;
import java.util.List;

/**
 * Writes meters in the Prometheus text exposition format (version 0.0.4), for servers that have no
 * MicroProfile Metrics of their own (WildFly 28 and later).
 */
public final class PrometheusText {

  public static final String MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  public static String of(List<Meter> meters) {
    StringBuilder text = new StringBuilder(4096);
    for (Meter meter : meters) {
      text.append("# HELP ").append(meter.name()).append(' ').append(escapeHelp(meter.help()));
      text.append("\n# TYPE ").append(meter.name()).append(' ').append(meter.type()).append('\n');
      for (Meter.Sample sample : meter.samples()) {
        text.append(sample.name());
        if (sample.label() != null) {
          text.append('{').append(sample.label()).append("=\"");
          text.append(escapeLabel(sample.labelValue())).append("\"}");
        }
        text.append(' ').append(number(sample.value())).append('\n');
      }
    }
    return text.toString();
  }

  /** Whole numbers without a decimal point, others in plain notation (no exponent). */
  public static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
