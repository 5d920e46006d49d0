package com.voxell.lux.cluster.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.problems.entity.Problem;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.infinispan.commons.TimeoutException;
import org.infinispan.partitionhandling.AvailabilityException;
import org.infinispan.partitionhandling.AvailabilityMode;
import org.junit.jupiter.api.Test;

/** What a client is told when Infinispan refuses on a degraded node, or cannot confirm a write. */
class MinorityRefusalTest {

  @Test
  void aCacheDegradedDuringTheOperationIsA503WithRetryAfter() {
    assertCutOff(
        () ->
            MinorityRefusal.guard(
                AvailabilityMode.AVAILABLE,
                () -> {
                  throw new AvailabilityException();
                }));
  }

  @Test
  void aCacheAlreadyDegradedIsRefusedWithoutBeingTouched() {
    AtomicBoolean touched = new AtomicBoolean();
    assertCutOff(
        () -> MinorityRefusal.guard(AvailabilityMode.DEGRADED_MODE, () -> touched.getAndSet(true)));
    assertThat(touched).isFalse();
  }

  private static void assertCutOff(ThrowingCallable guarded) {
    assertRefused(guarded, "cut off from the majority");
  }

  /** A 503 with the refusals' Retry-After, whose detail says {@code why}. */
  static void assertRefused(ThrowingCallable call, String why) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            Problem.class,
            problem -> {
              assertThat(problem.status()).isEqualTo(503);
              assertThat(problem.retryAfterSeconds())
                  .isEqualTo(MinorityRefusal.RETRY_AFTER_SECONDS);
              assertThat(problem.detail()).contains(why);
            });
  }

  @Test
  void anUnconfirmedWriteIsA503ThatSaysItMayHaveBeenApplied() {
    assertRefused(
        () ->
            MinorityRefusal.guard(
                AvailabilityMode.AVAILABLE,
                () -> {
                  throw new TimeoutException("replication timed out");
                }),
        "may or may not have been applied");
  }

  @Test
  void otherFailuresAndResultsPassThrough() {
    assertThat(MinorityRefusal.guard(AvailabilityMode.AVAILABLE, () -> "done")).isEqualTo("done");
    assertThatThrownBy(
            () ->
                MinorityRefusal.guard(
                    AvailabilityMode.AVAILABLE,
                    () -> {
                      throw new IllegalStateException("a bug");
                    }))
        .isInstanceOf(IllegalStateException.class);
  }
}
