package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlinesTest {

  private final Deadlines deadlines = new Deadlines();

  @Test
  void dueIdsComeOutEarliestFirstAndOnlyOnce() {
    deadlines.schedule("late", 300);
    deadlines.schedule("early", 100);
    deadlines.schedule("later", 400);
    assertThat(deadlines.takeDue(99)).isEmpty();
    assertThat(deadlines.takeDue(300)).containsExactly("early", "late");
    assertThat(deadlines.takeDue(300)).isEmpty();
    assertThat(deadlines.size()).isEqualTo(1);
  }

  @Test
  void aNewDeadlineReplacesTheOldOne() {
    deadlines.schedule("job", 100);
    deadlines.schedule("job", 500);
    assertThat(deadlines.takeDue(400)).isEmpty();
    assertThat(deadlines.takeDue(500)).containsExactly("job");
  }

  @Test
  void forgottenAndNeverDueIdsAreNotHeld() {
    deadlines.schedule("gone", 100);
    deadlines.forget("gone");
    deadlines.schedule("never", Long.MAX_VALUE);
    assertThat(deadlines.size()).isZero();
    assertThat(deadlines.takeDue(Long.MAX_VALUE - 1)).isEmpty();
  }
}
