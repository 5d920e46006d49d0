package com.voxell.lux.cluster.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.voxell.lux.problems.entity.Problem;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a write is answered when the grid cannot say whether it was applied: two members in this JVM
 * with the failure setting of server-config/grid.properties, and the member that holds a document
 * stopped at once (as Hazelcast's own shutdown hook does to Payara's member on SIGTERM) while a
 * write to it waits. The grid reports the member's leaving, with that setting, as an {@code
 * IndeterminateOperationStateException}: the write is refused with 503, never a 500.
 */
class MemberQuorumTest {

  private static final String MAP = "member-quorum-test";

  /** Lets the test know the holder's partition thread is held (static: the processor is shared). */
  private static final CountDownLatch HELD = new CountDownLatch(1);

  @Test
  void aWriteWhoseDocumentsMemberLeavesWhileItWaitsIsRefusedAsUnconfirmed() throws Exception {
    try (TwoMembers members = TwoMembers.start(MemberQuorumTest::config)) {
      HazelcastInstance writer = members.a();
      HazelcastInstance holder = members.b();
      IMap<String, String> documents = writer.getMap(MAP);
      documents.put("first", "{}"); // the grid assigns its partitions on the first use
      await("every partition owned and backed up")
          .atMost(Duration.ofSeconds(60))
          .until(() -> writer.getPartitionService().isClusterSafe());
      String id =
          IntStream.range(0, 1000)
              .mapToObj(i -> "doc-" + i)
              .filter(
                  key -> holder.getPartitionService().getPartition(key).getOwner().localMember())
              .findFirst()
              .orElseThrow();
      // The holder's one partition thread is kept busy, so the write waits on the holder as the
      // holder stops.
      holder.<String, String>getMap(MAP).submitToKey(id, MemberQuorumTest::holdPartitionThread);
      assertThat(HELD.await(30, TimeUnit.SECONDS))
          .as("the holder's partition thread held")
          .isTrue();
      MemberQuorum quorum = new MemberQuorum(writer.getCluster(), 1);
      CompletableFuture<String> write =
          CompletableFuture.supplyAsync(() -> quorum.write(() -> documents.put(id, "{}")));
      await("the write waits on the holder")
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !write.isDone());

      holder.getLifecycleService().terminate();

      assertThatThrownBy(() -> write.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              Problem.class,
              problem -> {
                assertThat(problem.status()).isEqualTo(503);
                assertThat(problem.detail()).contains("may or may not have been applied");
              });
    }
  }

  private static Object holdPartitionThread(java.util.Map.Entry<String, String> entry) {
    HELD.countDown();
    try {
      TimeUnit.SECONDS.sleep(30);
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  /** A member with the settings every Lux node runs with (server-config/grid.properties). */
  private static Config config(String cluster, int port, int other) throws IOException {
    Config config = TwoMembers.onLoopback(cluster, port, other);
    Properties grid = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("server-config/grid.properties"))) {
      grid.load(in);
    }
    grid.stringPropertyNames().forEach(name -> config.setProperty(name, grid.getProperty(name)));
    return config;
  }
}
