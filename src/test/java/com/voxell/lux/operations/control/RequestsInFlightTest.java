package com.voxell.lux.operations.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestsInFlightTest {

  private final RequestsInFlight requests = new RequestsInFlight();

  @Test
  void aStopWaitsForTheRequestsStillBeingAnswered() throws Exception {
    requests.began();
    requests.began();
    CompletableFuture<Boolean> stop =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return requests.awaitNone(Duration.ofSeconds(30));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    requests.ended();
    await("the stop still waits for the other request")
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !stop.isDone());
    requests.ended();

    assertThat(stop.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(requests.running()).isZero();
  }

  @Test
  void aRequestThatDoesNotEndHoldsTheStopOnlyUpToItsLimit() throws Exception {
    requests.began();

    long start = System.nanoTime();
    boolean none = requests.awaitNone(Duration.ofMillis(200));

    assertThat(none).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void withNothingRunningTheStopGoesOnAtOnce() throws Exception {
    assertThat(requests.awaitNone(Duration.ZERO)).isTrue();
  }
}
