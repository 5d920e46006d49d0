package com.voxell.lux.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Starts Lux exactly as the README says ({@code bin/run}, or {@code bin/run-node} for a cluster's
 * node), on a free port with a fresh key, and stops it (SIGTERM to the script, which stops Payara,
 * then its children). Every Lux benchmark starts its servers here; the floor ({@code bench/floor})
 * starts the same way from its own script.
 */
public final class LuxServer implements AutoCloseable {

  public final int port;
  public final String key;
  private final Process run;

  private LuxServer(int port, String key, Process run) {
    this.port = port;
    this.key = key;
    this.run = run;
  }

  /**
   * @param settings extra environment (MicroProfile Config keys as env vars, e.g. {@code
   *     LUX_STREAM_MAX_CONNECTIONS_PER_KEY})
   */
  public static LuxServer start(Map<String, String> settings) throws Exception {
    return start("bin/run", "Lux is running", "/api/lux/admin/stream", settings);
  }

  /** Starts the floor ({@code bench/floor/run}): a bare endpoint on the same Payara Micro. */
  public static LuxServer floor(Map<String, String> settings) throws Exception {
    return start("bench/floor/run", "ready in", "/api/lux/probe", settings);
  }

  /**
   * Starts one clustered node with {@code bin/run-node} (README, "Run clustered") on loopback: a
   * free HTTP port, the given grid port, member list and cluster name. Every node of a cluster
   * needs the same {@code key}.
   */
  public static LuxServer node(
      String name,
      int gridPort,
      String members,
      String cluster,
      String key,
      Map<String, String> settings)
      throws Exception {
    int port = freePort();
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("LUX_CLUSTER_NAME", cluster);
    return start(
        port,
        key,
        environment,
        "ready in",
        "/api/lux/admin/stream",
        "bin/run-node",
        name,
        Integer.toString(port),
        Integer.toString(gridPort),
        members);
  }

  /** A fresh bench key: every server, or every node of one cluster, gets its own. */
  public static String newKey() {
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    return "bench-" + HexFormat.of().formatHex(secret);
  }

  /** A port nothing listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static LuxServer start(
      String script, String readyLine, String probe, Map<String, String> settings)
      throws Exception {
    int port = freePort();
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("LUX_PORT", Integer.toString(port));
    return start(port, newKey(), environment, readyLine, probe, script);
  }

  /**
   * Runs {@code command} (its script relative to the project root given by {@code lux.root}) and
   * waits for its {@code readyLine}, then for {@code probe} to answer 200.
   */
  private static LuxServer start(
      int port,
      String key,
      Map<String, String> environment,
      String readyLine,
      String probe,
      String... command)
      throws Exception {
    File root = new File(System.getProperty("lux.root", "..")).getCanonicalFile();
    String script = command[0];
    command[0] = new File(root, script).getPath();
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.directory(root).redirectErrorStream(true);
    builder.environment().put("LUX_API_KEY", key);
    builder.environment().putAll(environment);
    Process run = builder.start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.contains(readyLine)) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                // the server stopped
              }
              ready.completeExceptionally(new IllegalStateException(script + " ended"));
            });
    pump.setDaemon(true);
    pump.start();
    LuxServer server = new LuxServer(port, key, run);
    try {
      ready.get(10, TimeUnit.MINUTES);
      awaitListener(port, key, probe);
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Waits until the application itself answers ({@code probe}, 200, five times in a row): Payara's
   * listener may restart just after the "ready" line and answers 404 before the application is up.
   */
  private static void awaitListener(int port, String key, String probe)
      throws InterruptedException {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    int answered = 0;
    while (answered < 5) {
      try {
        int status =
            http.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + probe))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
        answered = status == 200 ? answered + 1 : 0;
      } catch (IOException e) {
        answered = 0;
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("nothing accepted connections on " + port, e);
        }
      }
      Thread.sleep(500);
    }
  }

  /** The Payara Micro JVM (bin/run's child, or the floor's script itself, which execs it). */
  public ProcessHandle java() {
    return Stream.concat(Stream.of(run.toHandle()), run.toHandle().descendants())
        .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
        .findFirst()
        .orElseThrow();
  }

  /** CPU time the server JVM has used so far. */
  public long cpuNanos() {
    return java().info().totalCpuDuration().orElseThrow().toNanos();
  }

  /** Runs a full GC in the server (jcmd), so heap figures mean live objects. */
  public void gc() throws Exception {
    new ProcessBuilder("jcmd", Long.toString(java().pid()), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }

  /** Stops the script (SIGTERM), then whatever it started that is still running. */
  @Override
  public void close() throws Exception {
    List<ProcessHandle> children = run.descendants().toList();
    run.destroy();
    if (!run.waitFor(60, TimeUnit.SECONDS)) {
      run.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      child.destroy();
      try {
        child.onExit().get(30, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        child.destroyForcibly();
      }
    }
  }
}
