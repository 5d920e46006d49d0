package com.voxell.lux.documents.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProgressWindowTest {

  private static final long MINUTE = 60_000;

  @Test
  void oneSampleHasNoRate() {
    assertThat(ProgressWindow.startingAt(0, 10).pointsPerMinute(5 * MINUTE)).isNaN();
    assertThat(ProgressWindow.EMPTY.pointsPerMinute(0)).isNaN();
    assertThat(ProgressWindow.EMPTY.last()).isNaN();
  }

  @Test
  void straightLineGivesItsSlope() {
    ProgressWindow window = ProgressWindow.startingAt(0, 0);
    for (int minute = 1; minute <= 5; minute++) {
      window = window.plus(minute * MINUTE, minute * 4, 8);
    }
    assertThat(window.pointsPerMinute(5 * MINUTE)).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void standingStillSinceTheLastSampleLowersTheRate() {
    ProgressWindow window = ProgressWindow.startingAt(0, 0).plus(MINUTE, 10, 8);
    double moving = window.pointsPerMinute(MINUTE);
    double later = window.pointsPerMinute(3 * MINUTE);
    double muchLater = window.pointsPerMinute(30 * MINUTE);
    assertThat(moving).isCloseTo(10.0, within(1e-9));
    assertThat(later).isLessThan(moving).isPositive();
    assertThat(muchLater).isLessThan(later).isPositive();
  }

  @Test
  void keepsOnlyTheNewestSamples() {
    ProgressWindow window = ProgressWindow.startingAt(0, 0);
    for (int minute = 1; minute <= 10; minute++) {
      window = window.plus(minute * MINUTE, minute, 4);
    }
    for (int minute = 11; minute <= 14; minute++) {
      window = window.plus(minute * MINUTE, 10 + (minute - 10) * 5, 4);
    }
    assertThat(window.size()).isEqualTo(4);
    assertThat(window.last()).isEqualTo(30);
    assertThat(window.pointsPerMinute(14 * MINUTE)).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void plusLeavesTheOriginalWindowAlone() {
    ProgressWindow window = ProgressWindow.startingAt(0, 1);
    ProgressWindow next = window.plus(MINUTE, 2, 8);
    assertThat(window.size()).isEqualTo(1);
    assertThat(next.size()).isEqualTo(2);
    assertThat(next).isNotEqualTo(window).isEqualTo(window.plus(MINUTE, 2, 8));
  }
}
