package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SharedRateLimiterTest {

  private final MemoryEntries allowances = new MemoryEntries();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SharedRateLimiter nodeA = new SharedRateLimiter(allowances.entries(), clock);
  private final SharedRateLimiter nodeB = new SharedRateLimiter(allowances.entries(), clock);

  @Test
  void twoNodesSharingTheMapGiveAWriterItsRateInTotal() {
    Writer slow = new Writer("slow", 2);
    nodeA.acquire(slow);
    nodeB.acquire(slow);
    assertThatThrownBy(() -> nodeA.acquire(slow)).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> nodeB.acquire(slow)).isInstanceOf(Problem.class);
    clock.advance(Duration.ofMillis(500));
    nodeB.acquire(slow);
    assertThatThrownBy(() -> nodeA.acquire(slow)).isInstanceOf(Problem.class);
  }

  @Test
  void aRivalTakingTheLastTokenMeanwhileIsNotCountedTwice() {
    Writer slow = new Writer("slow", 1);
    allowances.beforeNextWrite(() -> nodeB.acquire(slow));
    assertThatThrownBy(() -> nodeA.acquire(slow)).isInstanceOf(Problem.class);
  }

  @Test
  void unlimitedWritersNeverTouchTheMap() {
    nodeA.acquire(new Writer("free", 0));
    assertThat(allowances).isEmpty();
  }
}
