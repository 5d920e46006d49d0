package com.voxell.lux.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts Lux exactly as the README says ({@code bin/run}), on a free port with a fresh key, and
 * stops it (SIGTERM to bin/run, which stops Payara). Every Lux benchmark starts its server here;
 * the floor ({@code bench/floor}) starts the same way from its own script.
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
   * Runs {@code script} (relative to the project root) and waits for its {@code readyLine}, then
   * for {@code probe} to answer 200.
   */
  private static LuxServer start(
      String script, String readyLine, String probe, Map<String, String> settings)
      throws Exception {
    File root = new File(System.getProperty("lux.root", "..")).getCanonicalFile();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String key = "bench-" + HexFormat.of().formatHex(secret);
    ProcessBuilder builder = new ProcessBuilder(new File(root, script).getPath());
    builder.directory(root).redirectErrorStream(true);
    builder.environment().put("LUX_PORT", Integer.toString(port));
    builder.environment().put("LUX_API_KEY", key);
    builder.environment().putAll(settings);
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
    ready.get(10, TimeUnit.MINUTES);
    awaitListener(port, key, probe);
    return new LuxServer(port, key, run);
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

  @Override
  public void close() throws Exception {
    run.destroy();
    if (!run.waitFor(60, TimeUnit.SECONDS)) {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }
}
