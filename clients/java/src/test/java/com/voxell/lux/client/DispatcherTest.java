package com.voxell.lux.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DispatcherTest {

  @Test
  void whileAListenerIsBusyTheNewestEventPerKeyReplacesTheUnrunOnesInTheirPlace() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch busy = new CountDownLatch(1);
    try (Dispatcher dispatcher = new Dispatcher("test-listeners")) {
      dispatcher.offer(
          () -> {
            try {
              busy.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      for (int version = 1; version <= 100; version++) {
        int v = version;
        dispatcher.offer("a", () -> ran.add("a" + v));
        dispatcher.offer("b", () -> ran.add("b" + v));
      }
      dispatcher.offer(() -> ran.add("status"));
      busy.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 3);
      assertThat(ran).containsExactly("a100", "b100", "status");
    }
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    List<String> ran = new CopyOnWriteArrayList<>();
    try (Dispatcher dispatcher = new Dispatcher("test-listeners")) {
      dispatcher.offer(
          () -> {
            throw new IllegalStateException("a listener's bug");
          });
      dispatcher.offer(() -> ran.add(Thread.currentThread().getName()));
      await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);
    }
    assertThat(ran).containsExactly("test-listeners");
  }
}
