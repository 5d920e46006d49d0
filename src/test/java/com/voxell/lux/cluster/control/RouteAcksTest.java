package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RouteAcksTest {

  private final RouteAcks acks = new RouteAcks();

  @Test
  void aFollowWaitsUntilEveryMemberAcknowledgedItsVersion() throws Exception {
    CompletableFuture<Set<String>> waiting =
        CompletableFuture.supplyAsync(
            () ->
                acks.await(
                    2, Set.of("m1", "m2"), () -> Set.of("m1", "m2"), Duration.ofSeconds(10)));
    acks.acknowledged("m1", 2);
    acks.acknowledged("m2", 1); // an older view's acknowledgement is not this one's
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !waiting.isDone());

    acks.acknowledged("m2", 3); // a later one covers it
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aMemberThatLeftIsNotWaitedFor() {
    acks.acknowledged("m1", 1);
    assertThat(acks.await(1, Set.of("m1", "m2"), () -> Set.of("m1"), Duration.ofSeconds(10)))
        .isEmpty();
  }

  @Test
  void aSilentMemberIsNamedOncePatienceRunsOut() {
    long start = System.nanoTime();
    assertThat(acks.await(1, Set.of("m1"), () -> Set.of("m1"), Duration.ofMillis(200)))
        .containsExactly("m1");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }
}
