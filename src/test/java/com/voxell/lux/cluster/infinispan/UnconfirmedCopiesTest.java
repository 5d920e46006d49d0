package com.voxell.lux.cluster.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.infinispan.partitionhandling.AvailabilityMode;
import org.junit.jupiter.api.Test;

/**
 * Which of its own copies a node takes back when it merges after a split: the writes it refused
 * around the time it was cut off, and only once it was cut off.
 */
class UnconfirmedCopiesTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T03:00:00Z"));
  private final List<String> removed = new ArrayList<>();
  private final UnconfirmedCopies copies =
      new UnconfirmedCopies((id, text) -> removed.add(id + "=" + text), clock);

  private void after(Duration duration) {
    clock.advance(duration);
  }

  @Test
  void aNodeCutOffTakesBackItsCopiesOfTheWritesItRefusedWhenItMergesAgain() {
    copies.refused("job-1", "v5");
    after(Duration.ofSeconds(1));
    copies.availability(AvailabilityMode.DEGRADED_MODE);
    copies.refused("job-2", "v1"); // its refusal came after the cache was degraded
    after(Duration.ofSeconds(30));
    assertThat(removed).isEmpty();

    assertThat(copies.availability(AvailabilityMode.AVAILABLE)).isEqualTo(2);

    assertThat(removed).containsExactlyInAnyOrder("job-1=v5", "job-2=v1");
  }

  @Test
  void aNodeThatStaysAvailableKeepsItsCopiesOfWritesItRefused() {
    copies.refused("job-1", "v5"); // the majority's copies hold it too

    assertThat(copies.availability(AvailabilityMode.AVAILABLE)).isZero();

    assertThat(removed).isEmpty();
  }

  @Test
  void aRefusalLongBeforeTheSplitIsForgottenNotTakenBack() {
    copies.refused("job-1", "v5");
    after(UnconfirmedCopies.BEFORE_DEGRADED.plusSeconds(1));
    copies.availability(AvailabilityMode.DEGRADED_MODE);

    assertThat(copies.availability(AvailabilityMode.AVAILABLE)).isZero();

    assertThat(removed).isEmpty();
  }

  @Test
  void eachRefusalIsTakenBackOnceAndTheNewestCopyOfADocumentCounts() {
    copies.refused("job-1", "v5");
    copies.refused("job-1", "v6");
    copies.availability(AvailabilityMode.DEGRADED_MODE);
    copies.availability(AvailabilityMode.AVAILABLE);
    copies.availability(AvailabilityMode.DEGRADED_MODE);
    copies.availability(AvailabilityMode.AVAILABLE);

    assertThat(removed).containsExactly("job-1=v6");
  }

  @Test
  void aWriteRefusedWithoutACopyHereLeavesNothingToTakeBack() {
    copies.refused("job-1", null);
    copies.availability(AvailabilityMode.DEGRADED_MODE);

    assertThat(copies.availability(AvailabilityMode.AVAILABLE)).isZero();
  }
}
