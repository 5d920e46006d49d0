package com.voxell.lux.operations.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void countersAndGaugesCarryHelpTypeAndOneSeriesPerLabelValue() {
    CountMeter writes =
        CountMeter.labeled("lux_writes_total", "Writes.", "outcome", List.of("created", "refused"));
    writes.increment("created");
    writes.increment("created");
    LevelMeter held = LevelMeter.reading("lux_documents_held", "Documents.", () -> 7);

    assertThat(PrometheusText.of(List.of(writes, held)))
        .isEqualTo(
            """
            # HELP lux_writes_total Writes.
            # TYPE lux_writes_total counter
            lux_writes_total{outcome="created"} 2
            lux_writes_total{outcome="refused"} 0
            # HELP lux_documents_held Documents.
            # TYPE lux_documents_held gauge
            lux_documents_held 7
            """);
  }

  @Test
  void aHistogramHasCumulativeBucketsSumAndCount() {
    LatencyMeter latency = new LatencyMeter("lux_write_to_send_seconds", "Latency.");
    latency.observeNanos(300_000); // 0.3 ms
    latency.observeNanos(3_000_000); // 3 ms
    latency.observeNanos(60_000_000_000L); // a minute: only +Inf holds it

    String text = PrometheusText.of(List.of(latency));

    assertThat(text)
        .contains("# TYPE lux_write_to_send_seconds histogram\n")
        .contains("lux_write_to_send_seconds_bucket{le=\"0.0005\"} 1\n")
        .contains("lux_write_to_send_seconds_bucket{le=\"0.0025\"} 1\n")
        .contains("lux_write_to_send_seconds_bucket{le=\"0.005\"} 2\n")
        .contains("lux_write_to_send_seconds_bucket{le=\"30\"} 2\n")
        .contains("lux_write_to_send_seconds_bucket{le=\"+Inf\"} 3\n")
        .contains("lux_write_to_send_seconds_sum 60.0033\n")
        .contains("lux_write_to_send_seconds_count 3\n");
  }

  @Test
  void levelsGoUpAndDownPerLabelValue() {
    LevelMeter sockets =
        LevelMeter.labeled(
            "lux_sockets_open", "Sockets.", "endpoint", List.of("document", "events"));
    sockets.add("document", 1);
    sockets.add("document", 1);
    sockets.add("document", -1);

    assertThat(PrometheusText.of(List.of(sockets)))
        .contains("lux_sockets_open{endpoint=\"document\"} 1\n")
        .contains("lux_sockets_open{endpoint=\"events\"} 0\n");
  }

  @Test
  void anUndeclaredLabelValueIsRefused() {
    CountMeter refusals = CountMeter.labeled("lux_refusals_total", "R.", "reason", List.of("a"));

    assertThatThrownBy(() -> refusals.increment("b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelValuesAndHelpAreEscaped() {
    CountMeter odd =
        CountMeter.labeled("lux_x_total", "Line one\nline two", "k", List.of("a\"b\\c"));

    assertThat(PrometheusText.of(List.of(odd)))
        .contains("# HELP lux_x_total Line one\\nline two\n")
        .contains("lux_x_total{k=\"a\\\"b\\\\c\"} 0\n");
  }
}
