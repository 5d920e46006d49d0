package com.voxell.lux.documents.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The defaults are written once, in {@code META-INF/microprofile-config.properties}; the {@code
 * DEFAULTS} constants that code without configuration uses (tests, benchmarks) must say the same.
 */
class ConfigDefaultsTest {

  private static final Properties CONFIG = new Properties();

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in =
        ConfigDefaultsTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
      CONFIG.load(in);
    }
  }

  private static long value(String key) {
    return Long.parseLong(CONFIG.getProperty(key));
  }

  @Test
  void storeLimitsAreTheConfiguredDefaults() {
    assertThat(Limits.DEFAULTS)
        .isEqualTo(
            new Limits(
                (int) value("lux.max-document-bytes"),
                (int) value("lux.max-depth"),
                (int) value("lux.max-documents"),
                value("lux.default-ttl"),
                value("lux.max-ttl")));
  }

  @Test
  void batchLimitsAreTheConfiguredDefaults() {
    assertThat(BatchLimits.DEFAULTS)
        .isEqualTo(
            new BatchLimits(
                (int) value("lux.batch.max-writes"), (int) value("lux.batch.max-bytes")));
  }

  @Test
  void insightSettingsAreTheConfiguredDefaults() {
    assertThat(InsightSettings.DEFAULTS)
        .isEqualTo(
            new InsightSettings(
                (int) value("lux.insight.window"),
                (int) value("lux.insight.timeline"),
                value("lux.insight.stall-after")));
  }
}
