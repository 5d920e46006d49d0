package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderedHandoffTest {

  @Test
  void workForOneIdRunsInTheOrderItWasHandedOff() throws InterruptedException {
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    int ids = 20;
    int perId = 500;
    CountDownLatch done = new CountDownLatch(ids * perId);
    try (OrderedHandoff handoff = new OrderedHandoff(4, Executors.defaultThreadFactory())) {
      for (int n = 0; n < perId; n++) {
        for (int i = 0; i < ids; i++) {
          String id = "job-" + i;
          int step = n;
          handoff.submit(
              id,
              () -> {
                seen.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(step);
                done.countDown();
              });
        }
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(seen).hasSize(ids);
    seen.values().forEach(steps -> assertThat(steps).hasSize(perId).isSorted());
  }
}
