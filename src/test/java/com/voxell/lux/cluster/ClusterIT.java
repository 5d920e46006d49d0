package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.PayaraNode;
import com.voxell.lux.support.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster checks on two Payara Micro nodes clustered on loopback through their Hazelcast data
 * grid, started by the test.
 */
class ClusterIT extends ClusterChecks {

  @BeforeAll
  void startTwoNodes() throws IOException {
    Path dir = Path.of(System.getProperty("lux.target", "target"), "cluster-it");
    Files.createDirectories(dir);
    String cluster = "lux-it-" + UUID.randomUUID().toString().substring(0, 8);
    int gridA = ServerProcess.freePort();
    int gridB = ServerProcess.freePort();
    String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
    // Two nodes choose availability: each alone keeps taking writes (README, "When things go
    // wrong").
    String[] config = {"lux.cluster=hazelcast", "lux.cluster.quorum=1"};
    a = new PayaraNode("A", gridA, cluster, members, dir, config).start();
    b = new PayaraNode("B", gridB, cluster, members, dir, config).start();
    a.awaitReady(BOOT);
    b.awaitReady(BOOT);
  }

  @Test
  void bothNodesSayTheyRunOnTheGridOfTwoMembers() {
    assertThat(a.logText()).contains("Lux cluster: hazelcast");
    assertThat(b.logText()).contains("Lux cluster: hazelcast");
    await().atMost(Duration.ofSeconds(60)).until(() -> b.logText().contains("DG Size: 2"));
  }
}
