package com.voxell.lux.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Lux the client's tests talk to: Payara Micro with the server's own {@code
 * target/lux.war}, on 127.0.0.1 and a free port, without a data grid, started once per test JVM and
 * stopped (by its PID) when the JVM exits. The keys below are its whole configuration.
 */
final class RunningLux {

  static final String ADMIN = "client-admin-secret-5c1e";
  static final String AGENTS = "client-agents-secret-9a4d";
  static final String READER = "client-reader-secret-2f7b";
  static final String SLOW = "client-slow-secret-6e3c";
  private static final String CONFIG =
      String.join(
          "\n",
          "lux.keys=admin,agents,reader,slow",
          "lux.key.admin.secret=" + ADMIN,
          "lux.key.admin.scopes=read,write,token,admin",
          "lux.key.agents.secret=" + AGENTS,
          "lux.key.agents.scopes=read,write",
          "lux.key.agents.prefixes=agent-run-,workflow-",
          "lux.key.reader.secret=" + READER,
          "lux.key.reader.scopes=read",
          "lux.key.slow.secret=" + SLOW,
          "lux.key.slow.scopes=read,write",
          "lux.key.slow.writes-per-second=1",
          "lux.token.secret=client-token-secret-0d8b6f2a4c9e1b3d5f7a9c0e2b4d6f8a",
          "");
  private static final String LOOPBACK =
      "set configs.config.server-config.network-config.network-listeners.network-listener"
          + ".http-listener.address=127.0.0.1\n";

  private static RunningLux started;

  private final int port;
  private final Process process;

  private RunningLux(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** The one server of this test JVM, started on first use. */
  static synchronized RunningLux get() {
    if (started == null) {
      started = start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return started;
  }

  String endpoint() {
    return "http://127.0.0.1:" + port + "/api/lux";
  }

  int port() {
    return port;
  }

  /** A client of this server with {@code key}, reconnecting quickly (tests wait for it). */
  LuxClient.Builder client(String key) {
    return LuxClient.builder(endpoint())
        .apiKey(key)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
  }

  private static RunningLux start() {
    Path war = Path.of(System.getProperty("lux.war", "../../target/lux.war"));
    Path payara = Path.of(System.getProperty("payara.microJar", "missing"));
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException(
          war + " is missing: build the server first (mvn package in the repository root)");
    }
    Path dir = Path.of(System.getProperty("lux.target", "target"), "lux-server");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("lux.properties"), CONFIG);
      Files.writeString(dir.resolve("pre-boot.txt"), LOOPBACK);
      int port = freePort();
      Path log = dir.resolve("payara.log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-XX:TieredStopAtLevel=1",
                      "-XX:+UseSerialGC",
                      "-jar",
                      payara.toString(),
                      "--deploy",
                      war.toString(),
                      "--contextroot",
                      "/",
                      "--port",
                      Integer.toString(port),
                      "--nohazelcast",
                      "--disablephonehome",
                      "--prebootcommandfile",
                      dir.resolve("pre-boot.txt").toString(),
                      "--systemProperties",
                      dir.resolve("lux.properties").toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      awaitReady(process, log, Duration.ofMinutes(4));
      return new RunningLux(port, process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Payara's "ready in" line follows the deployment; the first HTTP answer comes before it. */
  private static void awaitReady(Process process, Path log, Duration limit) throws IOException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      String text = Files.readString(log, StandardCharsets.ISO_8859_1);
      if (text.contains("Exception while deploying")) {
        process.destroyForcibly();
        throw new IllegalStateException("Lux failed to deploy; see " + log);
      }
      if (text.contains("ready in")) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("Payara Micro stopped while booting; see " + log);
      }
      try {
        Thread.sleep(250); // polling a log file: there is nothing to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("Payara Micro not ready within " + limit + "; see " + log);
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
