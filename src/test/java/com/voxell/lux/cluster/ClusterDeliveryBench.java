package com.voxell.lux.cluster;

import com.voxell.lux.support.ClusterNode;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.PayaraNode;
import com.voxell.lux.support.ServerProcess;
import com.voxell.lux.support.StreamClient;
import com.voxell.lux.support.TestKeys;
import com.voxell.lux.support.WildFlyNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * HTTP PUT on node A until the {@code update} reaches a WebSocket subscriber on A (same node), then
 * on B (other node): two Payara Micro nodes clustered on loopback through Hazelcast, or (third
 * argument {@code wildfly}) two WildFly nodes through Infinispan. Sequential writes, one subscriber
 * per pass, the first writes of each pass dropped as warm-up: a write's latency without load. Under
 * a paced load written via both nodes (issue 19's target, same-node against cross-node) it is
 * {@code Bench cluster-delivery} in bench/. Run: see docs/BENCHMARKS.md.
 */
public final class ClusterDeliveryBench {

  public static void main(String[] args) throws Exception {
    int writes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    boolean wildFly = args.length > 2 && args[2].equals("wildfly");
    Path dir = Path.of("target", "bench-delivery");
    Files.createDirectories(dir);
    String cluster = "lux-bench-" + UUID.randomUUID().toString().substring(0, 8);
    ClusterNode a;
    ClusterNode b;
    if (wildFly) {
      WildFlyNode nodeA = new WildFlyNode("a", dir, "lux.cluster=infinispan");
      WildFlyNode nodeB = new WildFlyNode("b", dir, "lux.cluster=infinispan");
      a = nodeA;
      b = nodeB;
      for (WildFlyNode node : List.of(nodeA, nodeB)) {
        node.start().cluster(cluster, List.of(nodeA, nodeB), Duration.ofMinutes(5));
      }
    } else {
      int gridA = ServerProcess.freePort();
      int gridB = ServerProcess.freePort();
      String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
      a = new PayaraNode("A", gridA, cluster, members, dir, "lux.cluster=hazelcast").start();
      b = new PayaraNode("B", gridB, cluster, members, dir, "lux.cluster=hazelcast").start();
    }
    try {
      a.awaitReady(Duration.ofMinutes(5));
      b.awaitReady(Duration.ofMinutes(5));
      System.out.println("same node  (PUT on A, subscriber on A): " + pass(a, a, writes, warmup));
      System.out.println("other node (PUT on A, subscriber on B): " + pass(a, b, writes, warmup));
      System.out.println("load: " + Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      a.stop();
      b.stop();
    }
  }

  private static String pass(ClusterNode writer, ClusterNode reader, int writes, int warmup) {
    String id = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    long[] nanos = new long[writes];
    try (StreamClient subscriber = reader.stream("/stream/" + id, TestKeys.ADMIN)) {
      subscriber.next("missing");
      for (int i = -warmup; i < writes; i++) {
        long started = System.nanoTime();
        int status =
            Lux.send(
                    HttpRequest.newBuilder(writer.api("/" + id))
                        .header("Authorization", "Bearer " + TestKeys.ADMIN)
                        .header("Content-Type", "application/json")
                        .PUT(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"data\":{\"step\":\"working\",\"progress\":" + i + "}}")))
                .statusCode();
        if (status >= 300) {
          throw new IllegalStateException("PUT answered " + status);
        }
        subscriber.next("update");
        if (i >= 0) {
          nanos[i] = System.nanoTime() - started;
        }
      }
    }
    Arrays.sort(nanos);
    return String.format(
        "p50 %.2f ms, p99 %.2f ms (%d writes after %d warm-up)",
        nanos[writes / 2] / 1e6, nanos[(int) (writes * 0.99)] / 1e6, writes, warmup);
  }
}
