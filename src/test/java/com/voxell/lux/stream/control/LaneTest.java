package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneTest {

  private final AtomicInteger threadsMade = new AtomicInteger();
  private final StreamCounters counters = new StreamCounters();
  private final Lane lane =
      new Lane(
          task -> {
            threadsMade.incrementAndGet();
            return new Thread(task);
          },
          id -> null,
          counters);

  @AfterEach
  void stop() {
    lane.shutdown();
  }

  @Test
  void aFailingTaskNeitherKillsTheLaneNorReordersWhatIsQueuedBehindIt() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    lane.execute(
        () -> {
          waitFor(hold);
          throw new IllegalStateException("a subscriber's bug");
        });
    for (int i = 0; i < 100; i++) {
      int n = i;
      lane.execute(() -> ran.add(n));
    }
    hold.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.queued() == 0);

    assertThat(ran).hasSize(100).isSorted();
    // One thread, started with the lane: a replacement would take the next task out of turn.
    assertThat(threadsMade).hasValue(1);
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
