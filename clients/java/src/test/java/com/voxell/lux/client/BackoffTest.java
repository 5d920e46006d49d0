package com.voxell.lux.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  @Test
  void theCapDoublesPerAttemptUpToTheMaximumAndTheDelayIsAFullJitterOfIt() {
    assertThat(backoff.delayMillis(0, () -> 0.999)).isEqualTo(499);
    assertThat(backoff.delayMillis(3, () -> 0.999)).isEqualTo(3996);
    assertThat(backoff.delayMillis(20, () -> 0.999)).isEqualTo(29970);
    assertThat(backoff.delayMillis(1000, () -> 0.5)).isEqualTo(15000);
    assertThat(backoff.delayMillis(5, () -> 0.0)).isZero();
  }
}
