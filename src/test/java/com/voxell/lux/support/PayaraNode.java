package com.voxell.lux.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro started by a test as a member of a loopback-only cluster: the real {@code
 * target/lux.war} at {@code /}, the test keys as system properties, Hazelcast on 127.0.0.1 with a
 * TCP/IP member list (never multicast) and a cluster name unique to the run.
 */
public final class PayaraNode implements ClusterNode {

  private final String name;
  private final int httpPort;
  private final int gridPort;
  private final Path log;
  private final List<String> command;
  private Process process;
  private long bootsBefore;
  private long deployFailuresBefore;

  /**
   * @param members every member's grid address, {@code 127.0.0.1:port}, comma separated
   */
  public PayaraNode(
      String name, int gridPort, String clusterName, String members, Path dir, String... config) {
    this.name = name;
    this.httpPort = ServerProcess.freePort();
    this.gridPort = gridPort;
    this.log = dir.resolve(name + ".log");
    Path properties = dir.resolve(name + ".properties");
    Path grid = Path.of(System.getProperty("lux.serverConfig"), "grid.properties");
    write(properties, read(grid) + TestKeys.config() + String.join("\n", config) + "\n");
    command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("lux.test.jvm", "").trim().split("\\s+")));
    command.addAll(
        List.of(
            "-Dhazelcast.socket.bind.any=false",
            "-jar",
            System.getProperty("payara.microJar"),
            "--deploy",
            System.getProperty("lux.war"),
            "--contextroot",
            "/",
            "--port",
            Integer.toString(httpPort),
            "--clustername",
            clusterName,
            "--clustermode",
            "tcpip:" + members,
            "--startport",
            Integer.toString(gridPort),
            "--interfaces",
            "127.0.0.1",
            "--nohostaware",
            "--name",
            name,
            "--systemProperties",
            properties.toString()));
    command.addAll(MicroOptions.shared());
    command.removeIf(String::isEmpty);
  }

  /** Starts the JVM; {@link #awaitReady} waits for it. Earlier boots stay in the log. */
  @Override
  public PayaraNode start() {
    bootsBefore = count("ready in");
    deployFailuresBefore = count("Exception while deploying");
    List<String> run = new ArrayList<>(command);
    run.addAll(MicroOptions.unpackedIn(log.resolveSibling(name + "-runtime")));
    try {
      process =
          new ProcessBuilder(run)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for Payara's "ready in" line of this boot, which follows the deployment. */
  @Override
  public void awaitReady(Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .failFast(name + " stopped while booting; see " + log, () -> !process.isAlive())
        .until(() -> count("ready in") > bootsBefore);
    if (count("Exception while deploying") > deployFailuresBefore) {
      throw new IllegalStateException(name + " failed to deploy Lux; see " + log);
    }
  }

  private long count(String text) {
    if (!Files.exists(log)) {
      return 0;
    }
    return logText().lines().filter(line -> line.contains(text)).count();
  }

  @Override
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Freezes the JVM (SIGSTOP), as a long GC pause or a stopped VM does. */
  public void pause() {
    signal("STOP");
  }

  /** Wakes a frozen JVM (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    if (process != null) {
      ServerProcess.signal(name, List.of(process.toHandle()));
    }
  }

  /**
   * Stops the JVM with SIGTERM and waits for it; prints when, so that answers a test saw can be
   * placed in the stop (Payara's own log ends at the signal).
   */
  @Override
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      Instant signalled = Instant.now();
      process.destroy();
      ServerProcess.awaitExit(process.toHandle(), Duration.ofSeconds(60));
      System.out.printf(
          "%s: SIGTERM at %s, exited %d ms later%n",
          name(), signalled, Duration.between(signalled, Instant.now()).toMillis());
    }
  }

  @Override
  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1).replaceAll("\u001b\\[[0-9;]*m", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public URI base() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** {@code /health/ready}, on the HTTP port. */
  @Override
  public URI readiness() {
    return base().resolve("/health/ready");
  }

  public int httpPort() {
    return httpPort;
  }

  @Override
  public URI api(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + "/api/lux" + path);
  }

  @Override
  public StreamClient stream(String path, String key) {
    return StreamClient.connect(httpPort, path, key, null, false);
  }

  @Override
  public String name() {
    return name;
  }

  public int gridPort() {
    return gridPort;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
