package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowanceTest {

  @Test
  void aFullBucketHoldsOneSecondOfWritesThenRefillsAtTheRate() {
    Allowance bucket = Allowance.full(2, 1_000);
    bucket = bucket.taken().taken();
    assertThat(bucket.refilled(2, 1_000).hasToken()).isFalse();
    assertThat(bucket.refilled(2, 1_000).waitMillis(2)).isEqualTo(500);
    assertThat(bucket.refilled(2, 1_500).hasToken()).isTrue();
    assertThat(bucket.refilled(2, 60_000).tokens()).isEqualTo(2);
  }

  @Test
  void aClockThatStepsBackNeverAddsOrRemovesTokens() {
    Allowance bucket = Allowance.full(2, 5_000).taken();
    assertThat(bucket.refilled(2, 4_000)).isEqualTo(bucket);
  }

  @Test
  void theTextFormRoundTrips() {
    Allowance bucket = new Allowance(0.25, 123_456_789L);
    assertThat(Allowance.parse(bucket.text())).isEqualTo(bucket);
  }
}
