package com.voxell.lux.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Several {@link PayaraNode}s started by a fault test as one loopback cluster: a cluster name
 * unique to the run, a static member list, the default quorum (a majority) unless the test's
 * settings say otherwise.
 */
public final class PayaraCluster implements AutoCloseable {

  public static final Duration BOOT = Duration.ofMinutes(5);

  private final List<PayaraNode> nodes = new ArrayList<>();

  public PayaraCluster(String name, int size, String... config) {
    Path dir = Path.of(System.getProperty("lux.target", "target"), name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String cluster = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> gridPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      gridPorts.add(ServerProcess.freePort());
    }
    String members =
        gridPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    String[] settings = new String[config.length + 1];
    settings[0] = "lux.cluster=hazelcast";
    System.arraycopy(config, 0, settings, 1, config.length);
    for (int i = 0; i < size; i++) {
      String node = String.valueOf((char) ('A' + i));
      nodes.add(new PayaraNode(node, gridPorts.get(i), cluster, members, dir, settings));
    }
  }

  /** Starts every node and waits until each is ready and sees all the others. */
  public PayaraCluster start() throws InterruptedException {
    return started(() -> nodes.forEach(PayaraNode::start));
  }

  /**
   * Starts the first node alone, then the others, and waits as {@link #start} does: the grid's
   * master is its oldest member, so the first node is the master, for a test that faults the master
   * itself.
   */
  public PayaraCluster startWithFirstAsMaster() throws InterruptedException {
    return started(
        () -> {
          nodes.get(0).start().awaitReady(BOOT);
          nodes.stream().skip(1).forEach(PayaraNode::start);
        });
  }

  private PayaraCluster started(Runnable launch) throws InterruptedException {
    try {
      launch.run();
      for (PayaraNode node : nodes) {
        node.awaitReady(BOOT);
      }
      awaitMembers(nodes.size());
      return this;
    } catch (RuntimeException | AssertionError failed) {
      // a test's try-with-resources never holds a cluster that failed to start: stop it here, or
      // its servers outlive the test
      close();
      throw failed;
    }
  }

  /** Waits until every node's readiness says UP with {@code count} members. */
  public void awaitMembers(int count) {
    for (PayaraNode node : nodes) {
      awaitMembers(node, count);
    }
  }

  /**
   * Waits until the node's readiness says UP with {@code count} members (Payara quotes numbers).
   */
  public static void awaitMembers(PayaraNode node, int count) {
    await(node.name() + " ready with " + count + " members")
        .atMost(BOOT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> readiness(node).matches("(?s)200 .*\"members\": ?\"?" + count + "\"?[,}].*"));
  }

  /** Whether {@code /health/ready} of the node answers UP. */
  public static boolean ready(PayaraNode node) {
    return readiness(node).startsWith("200 ");
  }

  /** The node's {@code /health/ready}: status and body, or "no answer". */
  public static String readiness(PayaraNode node) {
    try {
      HttpResponse<String> answer =
          Lux.HTTP.send(
              HttpRequest.newBuilder(node.readiness()).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() + " " + answer.body();
    } catch (IOException e) {
      return "no answer";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no answer";
    }
  }

  public PayaraNode node(int index) {
    return nodes.get(index);
  }

  public List<PayaraNode> nodes() {
    return List.copyOf(nodes);
  }

  public List<URI> bases() {
    return nodes.stream().map(PayaraNode::base).toList();
  }

  /** Stops every node and prints its output, for the log audit. */
  @Override
  public void close() throws InterruptedException {
    for (PayaraNode node : nodes) {
      node.resume(); // a frozen node cannot stop
      node.stop();
      System.out.println("===== node " + node.name() + " output =====");
      System.out.println(node.logText());
    }
  }
}
