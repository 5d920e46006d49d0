package com.voxell.lux.cluster.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.problems.entity.Problem;
import org.infinispan.commons.TimeoutException;
import org.infinispan.partitionhandling.AvailabilityException;
import org.junit.jupiter.api.Test;

/** What a client is told when Infinispan refuses on a degraded node, or cannot confirm a write. */
class MinorityRefusalTest {

  @Test
  void aDegradedCacheIsA503WithRetryAfter() {
    assertThatThrownBy(
            () ->
                MinorityRefusal.guard(
                    () -> {
                      throw new AvailabilityException();
                    }))
        .isInstanceOfSatisfying(
            Problem.class,
            problem -> {
              assertThat(problem.status()).isEqualTo(503);
              assertThat(problem.retryAfterSeconds())
                  .isEqualTo(MinorityRefusal.RETRY_AFTER_SECONDS);
              assertThat(problem.detail()).contains("majority");
            });
  }

  @Test
  void anUnconfirmedWriteIsA503ThatSaysItMayHaveBeenApplied() {
    assertThatThrownBy(
            () ->
                MinorityRefusal.guard(
                    () -> {
                      throw new TimeoutException("replication timed out");
                    }))
        .isInstanceOfSatisfying(
            Problem.class,
            problem -> {
              assertThat(problem.status()).isEqualTo(503);
              assertThat(problem.detail()).contains("may or may not have been applied");
            });
  }

  @Test
  void otherFailuresAndResultsPassThrough() {
    assertThat(MinorityRefusal.guard(() -> "done")).isEqualTo("done");
    assertThatThrownBy(
            () ->
                MinorityRefusal.guard(
                    () -> {
                      throw new IllegalStateException("a bug");
                    }))
        .isInstanceOf(IllegalStateException.class);
  }
}
