package com.voxell.lux.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link WildFlyNode}s {@code a}, {@code b}, … started by a test as one loopback cluster set up as
 * README ("Run clustered on WildFly") says, under a cluster name unique to the run, with {@code
 * lux.cluster=infinispan} so that a node without the caches fails rather than running alone. {@code
 * -Dlux.wildfly.skip=true} (which also skips unpacking WildFly) skips the tests that use one.
 */
public final class WildFlyCluster implements AutoCloseable {

  public static final Duration BOOT = Duration.ofMinutes(4);

  /** Infinispan's line when the documents cache finished a rebalance, followed by its members. */
  private static final String REBALANCED =
      "[Context=documents] ISPN100010: Finished rebalance with members [";

  private final List<WildFlyNode> nodes;

  /** Two nodes. */
  public WildFlyCluster(String name) {
    this(name, 2);
  }

  public WildFlyCluster(String name, int size) {
    Assumptions.assumeFalse(Boolean.getBoolean("lux.wildfly.skip"), "lux.wildfly.skip is set");
    Path dir = Path.of(System.getProperty("lux.target", "target"), name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.nodes =
        IntStream.range(0, size)
            .mapToObj(
                i ->
                    new WildFlyNode(
                        String.valueOf((char) ('a' + i)), dir, "lux.cluster=infinispan"))
            .toList();
  }

  /**
   * Boots and sets up every server side by side (each step waits only for its own server; {@code
   * thenCli} runs after Lux's cluster script, before the reload), then deploys Lux as README says:
   * on the first node, and once it is ready on the others (here one at a time: two nodes joining at
   * once under load once left one of them waiting for a JGroups view until its deployment failed);
   * then waits until all are members of one documents cache.
   */
  public WildFlyCluster start(String... thenCli) {
    try {
      String cluster = "lux-it-" + UUID.randomUUID().toString().substring(0, 8);
      inParallel(nodes, node -> node.start().cluster(cluster, nodes, BOOT, thenCli));
      for (WildFlyNode node : nodes) {
        node.deploy();
        node.awaitReady(BOOT);
      }
      for (WildFlyNode node : nodes) {
        awaitOneCache(node, Duration.ofSeconds(60));
      }
      return this;
    } catch (RuntimeException | AssertionError failed) {
      // a test's try-with-resources never holds a cluster that failed to start: stop it here, or
      // its servers outlive the test (and the next run's copy of their directories)
      close();
      throw failed;
    }
  }

  private static void inParallel(List<WildFlyNode> nodes, Consumer<WildFlyNode> step) {
    CompletableFuture.allOf(
            nodes.stream()
                .map(node -> CompletableFuture.runAsync(() -> step.accept(node)))
                .toArray(CompletableFuture[]::new))
        .join();
  }

  /** Waits until the node logged a finished rebalance of the documents cache over every node. */
  public void awaitOneCache(WildFlyNode node, Duration timeout) {
    await(node.name() + " in one documents cache with the others")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> inOneCache(node));
  }

  /**
   * Whether the last finished rebalance of the documents cache the node logged was over every node
   * (in whatever order the coordinator saw them join).
   */
  public boolean inOneCache(WildFlyNode node) {
    List<String> rebalances =
        node.logText().lines().filter(line -> line.contains(REBALANCED)).toList();
    if (rebalances.isEmpty()) {
      return false;
    }
    String last = rebalances.get(rebalances.size() - 1);
    String members = last.substring(last.indexOf(REBALANCED) + REBALANCED.length());
    members = members.substring(0, members.indexOf(']'));
    Set<String> names = nodes.stream().map(WildFlyNode::name).collect(Collectors.toSet());
    return Arrays.stream(members.split(", ")).collect(Collectors.toSet()).equals(names);
  }

  public WildFlyNode node(int index) {
    return nodes.get(index);
  }

  public List<WildFlyNode> nodes() {
    return nodes;
  }

  /** Stops every node (waking a frozen one first) and prints their output, for the log audit. */
  @Override
  public void close() {
    for (WildFlyNode node : nodes) {
      node.resume();
      node.stop();
      System.out.println("===== node " + node.name() + " output =====");
      System.out.println(node.logText());
    }
  }
}
