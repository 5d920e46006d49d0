package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.AckedWrites;
import com.voxell.lux.support.PayaraCluster;
import com.voxell.lux.support.PayaraNode;
import com.voxell.lux.support.TestKeys;
import com.voxell.lux.support.VersionWatcher;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Three nodes; one is frozen with SIGSTOP for 20 s (a long GC pause, a stopped VM) while writers
 * and subscribers use the other two, then woken with SIGCONT. The live nodes go on taking writes
 * once the grid has given up on the frozen member (server-config/grid.properties); the woken node
 * finds itself alone, refuses writes, closes its subscribers with 1013 and merges back; no
 * acknowledged write is lost, every subscriber ends on the newest state or was closed, and one
 * arriving afterwards ends on the newest state on every node (each caught up with the grid).
 */
class PausedNodeIT {

  private static final String KEY = TestKeys.ADMIN;
  private static final Duration PAUSE = Duration.ofSeconds(20);
  private static final int DOCUMENTS = 40;
  private static final int WRITES_PER_SECOND = 50;

  @Test
  void liveNodesKeepWritingAndTheWokenNodeRejoinsWithNothingAcknowledgedLost() throws Exception {
    String prefix = "paused-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    List<String> ids = IntStream.range(0, DOCUMENTS).mapToObj(i -> prefix + i).toList();
    try (PayaraCluster cluster = new PayaraCluster("paused-node-it", 3).start()) {
      PayaraNode a = cluster.node(0);
      PayaraNode b = cluster.node(1);
      PayaraNode frozen = cluster.node(2);
      List<URI> live = List.of(a.base(), b.base());
      AtomicInteger turn = new AtomicInteger();
      List<VersionWatcher> onLive = new ArrayList<>();
      AckedWrites writes =
          new AckedWrites(
              ids, KEY, 4, WRITES_PER_SECOND, () -> live.get(turn.getAndIncrement() % 2));
      onLive.add(VersionWatcher.watch(a.httpPort(), KEY, ids));
      onLive.add(VersionWatcher.watch(b.httpPort(), KEY, ids));
      VersionWatcher onFrozen = VersionWatcher.watch(frozen.httpPort(), KEY, ids);
      await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledged().size() > 10);
      writes.report("PausedNodeIT before the pause");

      frozen.pause();
      long paused = System.nanoTime();
      await().pollDelay(PAUSE).atMost(PAUSE.plusSeconds(1)).until(() -> true);
      writes.report("PausedNodeIT during the 20 s pause");
      frozen.resume();
      System.out.println(
          "PausedNodeIT subscriber on the frozen node right after SIGCONT: close code "
              + onFrozen.closeCode());
      long woken = System.nanoTime();
      try {
        await("the woken node notices it was left alone")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> !PayaraCluster.ready(frozen));
        System.out.printf(
            "PausedNodeIT woken node reported DOWN %d ms after SIGCONT%n",
            Duration.ofNanos(System.nanoTime() - woken).toMillis());
      } catch (ConditionTimeoutException stillUp) {
        System.out.println("PausedNodeIT woken node never reported DOWN after SIGCONT");
      }
      for (PayaraNode node : cluster.nodes()) {
        PayaraCluster.awaitMembers(node, 3);
      }
      System.out.printf(
          "PausedNodeIT woken node ready again %d ms after SIGCONT%n",
          Duration.ofNanos(System.nanoTime() - paused).minus(PAUSE).toMillis());
      writes.report("PausedNodeIT after SIGCONT until the woken node is ready");
      writes.close();

      // The writers have stopped: every node must hold what every writer was told is stored.
      for (PayaraNode node : cluster.nodes()) {
        assertThat(writes.lost(node.base()))
            .as("acknowledged writes lost, read on " + node.name())
            .isEmpty();
      }
      // What each subscriber must end on: the versions the cluster holds now, read again at each
      // check (a state sent that the cluster lost is re-issued under a newer version meanwhile).
      Supplier<Map<String, Long>> finals = () -> writes.newest(a.base());
      for (VersionWatcher watcher : onLive) {
        // A live node that lost sight of the other (a missed heartbeat under load) closes its
        // subscribers with 1013 as well: then they reconnect; else they are on the newest state.
        await("subscribers on the live nodes end on the newest state or were closed with 1013")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  if (watcher.closeCode() != 1013) {
                    assertThat(watcher.offNewest(finals.get()))
                        .as("documents off the newest state, close code " + watcher.closeCode())
                        .isEmpty();
                  }
                });
        System.out.println(
            "PausedNodeIT subscriber on a live node: close code " + watcher.closeCode());
      }
      System.out.println(
          "PausedNodeIT subscriber on the woken node: close code " + onFrozen.closeCode());
      if (onFrozen.closeCode() == 0) {
        await("an open subscriber on the woken node ends on the newest state")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(onFrozen.offNewest(finals.get())).isEmpty());
      } else {
        assertThat(onFrozen.closeCode())
            .as("closed so that it reconnects elsewhere")
            .isEqualTo(1013);
      }
      // Every node caught up with the grid, the woken one included: a subscriber arriving now ends
      // on the newest state of every document whichever node it reaches.
      for (PayaraNode node : cluster.nodes()) {
        try (VersionWatcher late = VersionWatcher.watch(node.httpPort(), KEY, ids)) {
          await("a new subscriber on " + node.name() + " ends on the newest state")
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofSeconds(1))
              .untilAsserted(() -> assertThat(late.offNewest(finals.get())).isEmpty());
        }
        System.out.println(
            "PausedNodeIT "
                + node.name()
                + " stream counters: "
                + ClusterChecks.send(node, "/admin/stream", "GET", null, Map.of(), KEY).body());
      }
      onLive.forEach(VersionWatcher::close);
      onFrozen.close();
    }
  }
}
