package com.voxell.lux.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Two {@link WildFlyNode}s, {@code a} and {@code b}, started by a test as one loopback cluster set
 * up as README ("Run clustered on WildFly") says, under a cluster name unique to the run, with
 * {@code lux.cluster=infinispan} so that a node without the caches fails rather than running alone.
 */
public final class WildFlyCluster implements AutoCloseable {

  public static final Duration BOOT = Duration.ofMinutes(4);

  /** Infinispan's line when the documents cache finished a rebalance, followed by its members. */
  private static final String REBALANCED =
      "[Context=documents] ISPN100010: Finished rebalance with members ";

  private final String cluster;
  private final List<WildFlyNode> nodes;

  public WildFlyCluster(String name) {
    Path dir = Path.of(System.getProperty("lux.target", "target"), name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.cluster = "lux-it-" + UUID.randomUUID().toString().substring(0, 8);
    this.nodes =
        List.of(
            new WildFlyNode("a", dir, "lux.cluster=infinispan"),
            new WildFlyNode("b", dir, "lux.cluster=infinispan"));
  }

  /**
   * Boots and sets up both servers side by side (each step waits only for its own server; {@code
   * thenCli} runs after Lux's cluster script, before the reload), then waits until Lux is ready on
   * both and both are members of one documents cache.
   */
  public WildFlyCluster start(String... thenCli) {
    WildFlyNode a = node(0);
    WildFlyNode b = node(1);
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(() -> a.start().cluster(cluster, nodes, BOOT, thenCli));
    b.start().cluster(cluster, nodes, BOOT, thenCli);
    first.join();
    for (WildFlyNode node : nodes) {
      node.awaitReady(BOOT);
    }
    for (WildFlyNode node : nodes) {
      await(node.name() + " in one documents cache with the other")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> inOneCache(node));
    }
    return this;
  }

  /**
   * Whether the node logged a finished rebalance of the documents cache over both members (in the
   * order the coordinator saw them join).
   */
  public static boolean inOneCache(WildFlyNode node) {
    String log = node.logText();
    return log.contains(REBALANCED + "[a, b]") || log.contains(REBALANCED + "[b, a]");
  }

  public WildFlyNode node(int index) {
    return nodes.get(index);
  }

  /** Stops both nodes and prints their output, for the log audit. */
  @Override
  public void close() {
    for (WildFlyNode node : nodes) {
      node.stop();
      System.out.println("===== node " + node.name() + " output =====");
      System.out.println(node.logText());
    }
  }
}
