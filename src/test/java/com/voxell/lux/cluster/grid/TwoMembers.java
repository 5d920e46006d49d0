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

  /**
   * Starts both and waits until each sees the other. A free port can be taken between its choice
   * and the bind (another member's outgoing connection, say): then both start again on new ports.
   */
  static TwoMembers start(Configuration configuration) throws IOException {
    for (int attempt = 1; ; attempt++) {
      String cluster = "lux-test-" + UUID.randomUUID();
      int portA = ServerProcess.freePort();
      int portB = ServerProcess.freePort();
      HazelcastInstance a = null;
      try {
        a = Hazelcast.newHazelcastInstance(configuration.of(cluster, portA, portB));
        HazelcastInstance b =
            Hazelcast.newHazelcastInstance(configuration.of(cluster, portB, portA));
        HazelcastInstance first = a;
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> first.getCluster().getMembers().size() == 2);
        return new TwoMembers(a, b);
      } catch (HazelcastException portTaken) {
        if (a != null) {
          a.getLifecycleService().terminate();
        }
        if (attempt == 3) {
          throw portTaken;
        }
      }
    }
  }

  @Override
  public void close() {
    a.getLifecycleService().terminate();
    b.getLifecycleService().terminate();
  }
}
