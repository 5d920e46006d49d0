package com.voxell.lux.cluster.grid;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.voxell.lux.support.ServerProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Two Hazelcast members in this JVM on free loopback ports, joined into a cluster of their own;
 * {@link #close} terminates both (a member a test stopped already is no matter).
 */
record TwoMembers(HazelcastInstance a, HazelcastInstance b) implements AutoCloseable {

  /** A member's configuration: its cluster, its port and its peer's. */
  @FunctionalInterface
  interface Configuration {
    Config of(String cluster, int port, int peer) throws IOException;
  }

  /** Starts both on {@link #onLoopback} and waits until each sees the other. */
  static TwoMembers start() throws IOException {
    return start(TwoMembers::onLoopback);
  }

  /**
   * Starts both and waits until each sees the other. A free port can be taken between its choice
   * and the bind (another member's outgoing connection, say): then both start again on new ports. A
   * member started when the start fails otherwise is terminated.
   */
  static TwoMembers start(Configuration configuration) throws IOException {
    for (int attempt = 1; ; attempt++) {
      String cluster = "lux-test-" + UUID.randomUUID();
      int portA = ServerProcess.freePort();
      int portB = ServerProcess.freePort();
      HazelcastInstance a = null;
      HazelcastInstance b = null;
      try {
        a = Hazelcast.newHazelcastInstance(configuration.of(cluster, portA, portB));
        b = Hazelcast.newHazelcastInstance(configuration.of(cluster, portB, portA));
        HazelcastInstance first = a;
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> first.getCluster().getMembers().size() == 2);
        return new TwoMembers(a, b);
      } catch (RuntimeException failed) {
        for (HazelcastInstance started : new HazelcastInstance[] {a, b}) {
          if (started != null) {
            started.getLifecycleService().terminate();
          }
        }
        if (!(failed instanceof HazelcastException) || attempt == 3) {
          throw failed;
        }
      }
    }
  }

  /**
   * A member of {@code cluster} on 127.0.0.1:{@code port} that finds {@code peer} by a static
   * member list (never multicast), with no phone-home.
   */
  static Config onLoopback(String cluster, int port, int peer) {
    Config config = new Config().setClusterName(cluster).setInstanceName(cluster + "-" + port);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    var join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig()
        .setEnabled(true)
        .addMember("127.0.0.1:" + port)
        .addMember("127.0.0.1:" + peer);
    return config;
  }

  /** Lux's backplane on {@code member}, taking writes while it sees {@code quorum} members. */
  static HazelcastBackplane backplane(HazelcastInstance member, int quorum) {
    return new HazelcastBackplane(
        member, new MemberQuorum(member.getCluster(), quorum), Executors.defaultThreadFactory());
  }

  @Override
  public void close() {
    a.getLifecycleService().terminate();
    b.getLifecycleService().terminate();
  }
}
