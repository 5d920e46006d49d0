package com.voxell.lux.operations.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.Lux;
import com.voxell.lux.support.MicroOptions;
import com.voxell.lux.support.ServerProcess;
import com.voxell.lux.support.WildFlyNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unchanged {@code target/lux.war} on Payara Micro, Payara Server and WildFly (MicroProfile
 * configuration), each started once by this test on loopback and free ports, deployed the way the
 * README says, and given the same smoke: the seed's curl line, GET, PATCH, a refusal, {@code
 * /health/ready}, {@code /metrics} and {@code /openapi}.
 */
class SameWarOnEveryServerIT {

  private static final String KEY = "smoke-" + UUID.randomUUID();
  private static final String ID = "workflow-invoice-reconcile-abc123";
  // generous: Payara Server alone took 5+ minutes to start on the shared 2-core machine (load ~20)
  private static final Duration BOOT = Duration.ofMinutes(10);
  private static final Map<String, String> ENV = Map.of("LUX_API_KEY", KEY);
  private static final File WAR = ServerProcess.file("lux.war", "target/lux.war");
  private static final File SERVERS = ServerProcess.file("lux.servers", "target/servers");

  @BeforeAll
  static void notSkipped() {
    Assumptions.assumeFalse(Boolean.getBoolean("lux.servers.skip"), "lux.servers.skip is set");
  }

  @Test
  void payaraMicro() throws Exception {
    int port = ServerProcess.freePort();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java(),
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            ServerProcess.file("payara.microJar", "").getPath(),
            "--deploy",
            WAR.getPath(),
            "--contextroot",
            "/",
            "--port",
            Integer.toString(port),
            "--nohazelcast"));
    command.addAll(MicroOptions.shared());
    command.addAll(MicroOptions.unpackedIn(ServerProcess.logs().resolve("same-war-micro-runtime")));
    long started = System.nanoTime();
    try (ServerProcess micro = ServerProcess.start("payara-micro", command, ENV)) {
      URI base = URI.create("http://127.0.0.1:" + port);
      awaitReady(micro, base.resolve("/health/ready"));
      report("Payara Micro", started);
      Subscriber subscriber =
          smoke(micro::log, base, base.resolve("/health/ready"), "mp_scope=\"application\"");
      assertThat(micro.log()).contains("lux refused count=1").contains("unauthorized=1");

      micro.process().destroy(); // SIGTERM, as an orchestrator stops a container
      assertThat(subscriber.closeCode()).as("close code on SIGTERM").isEqualTo(1001);
    }
  }

  @Test
  void payaraServer() throws Exception {
    File home =
        new File(SERVERS, "payara-" + System.getProperty("payara.server.version") + "/payara6");
    String asadmin = new File(home, "bin/asadmin").getPath();
    File domains = new File(SERVERS, "domains");
    ServerProcess.deleteTree(domains.toPath());
    int base = ServerProcess.freeBase(20000, 50000, 9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86);
    int admin = base + 48;
    long started = System.nanoTime();
    ServerProcess.run(
        "payara-server-create-domain",
        List.of(
            asadmin,
            "create-domain",
            "--nopassword=true",
            "--portbase",
            "" + base,
            "--domaindir",
            domains.getPath(),
            "lux"),
        Map.of(),
        BOOT);
    try {
      ServerProcess.run(
          "payara-server-start",
          List.of(
              asadmin,
              "start-domain",
              "--domaindir",
              domains.getPath(),
              "--prebootcommandfile",
              new File("src/test/server/payara-server-loopback.asadmin").getAbsolutePath(),
              "lux"),
          ENV,
          BOOT);
      // exactly the README's step: the asadmin script in server-config/
      ServerProcess.run(
          "payara-server-deploy",
          List.of(
              asadmin,
              "--port",
              "" + admin,
              "multimode",
              "--file",
              new File("server-config/payara-server.asadmin").getAbsolutePath()),
          Map.of(),
          BOOT);
      URI http = URI.create("http://127.0.0.1:" + (base + 80));
      awaitReady(null, http.resolve("/health/ready"));
      report("Payara Server", started);
      Path serverLog = domains.toPath().resolve("lux/logs/server.log");
      smoke(() -> read(serverLog), http, http.resolve("/health/ready"), "mp_scope=\"application\"");
    } finally {
      try {
        ServerProcess.run(
            "payara-server-stop",
            List.of(asadmin, "stop-domain", "--domaindir", domains.getPath(), "lux"),
            Map.of(),
            Duration.ofMinutes(2));
      } catch (AssertionError e) {
        System.err.println("could not stop the Payara Server domain: " + e.getMessage());
      }
    }
  }

  @Test
  void wildFly() throws Exception {
    File home =
        new File(
            SERVERS,
            "wildfly-"
                + System.getProperty("wildfly.version")
                + "/wildfly-"
                + System.getProperty("wildfly.version"));
    int offset = ServerProcess.freeBase(10000, 40000, 8080, 8443, 9990, 9993, 8009, 4712, 4713);
    Path data = Files.createTempDirectory(SERVERS.toPath(), "wildfly-base-");
    ServerProcess.copyTree(new File(home, "standalone").toPath(), data);
    List<String> command =
        WildFlyNode.standalone(home.toPath(), "standalone-microprofile.xml", offset, data);
    Map<String, String> env =
        Map.of(
            "LUX_API_KEY",
            KEY,
            "LAUNCH_JBOSS_IN_BACKGROUND",
            "1",
            "JAVA_OPTS",
            "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true");
    URI http = URI.create("http://127.0.0.1:" + (8080 + offset));
    URI management = URI.create("http://127.0.0.1:" + (9990 + offset));
    long started = System.nanoTime();
    try (ServerProcess wildFly = ServerProcess.start("wildfly", command, env)) {
      awaitLog(wildFly, "WFLYSRV0025");
      // exactly the README's step: the CLI script in server-config/
      ServerProcess.run(
          "wildfly-deploy",
          List.of(
              new File(home, "bin/jboss-cli.sh").getPath(),
              "--controller=remote+http://127.0.0.1:" + (9990 + offset),
              "--connect",
              "--file=" + new File("server-config/wildfly.cli").getAbsolutePath()),
          Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
          BOOT);
      awaitReady(wildFly, management.resolve("/health/ready"));
      report("WildFly", started);
      smoke(wildFly::log, http, management.resolve("/health/ready"), null);
    } finally {
      ServerProcess.deleteTree(data);
    }
  }

  /** The same checks on every server. */
  private static Subscriber smoke(Supplier<String> log, URI base, URI ready, String metricLabel)
      throws Exception {
    ProcessBuilder curl =
        new ProcessBuilder(
            "bash",
            "-c",
            "curl -s -X PUT \"$BROKER/api/lux/workflow-invoice-reconcile-abc123\" \\\n"
                + "  -H \"Authorization: Bearer $LUX_API_KEY\" -H \"Content-Type: application/json\" \\\n"
                + "  -d '{\"data\":{\"job\":\"invoice-reconcile\",\"step\":\"validating\",\"progress\":67}}'");
    curl.environment().put("BROKER", base.toString());
    curl.environment().put("LUX_API_KEY", KEY);
    Process process = curl.start();
    String receipt = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    assertThat(Lux.json(receipt).getString("id")).as(receipt).isEqualTo(ID);

    HttpResponse<String> got = send(HttpRequest.newBuilder(api(base, ID)).GET(), KEY);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(Lux.json(got).getJsonObject("data").toString())
        .isEqualTo("{\"job\":\"invoice-reconcile\",\"step\":\"validating\",\"progress\":67}");

    Subscriber subscriber = Subscriber.open(base, ID, KEY);
    assertThat(subscriber.next()).contains("\"type\":\"snapshot\"").contains("\"progress\":67");

    HttpResponse<String> patched =
        send(
            HttpRequest.newBuilder(api(base, ID))
                .header("Content-Type", "application/merge-patch+json")
                .method(
                    "PATCH", HttpRequest.BodyPublishers.ofString("{\"data\":{\"progress\":68}}")),
            KEY);
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(subscriber.next()).contains("\"type\":\"update\"").contains("\"progress\":68");
    assertThat(
            Lux.json(send(HttpRequest.newBuilder(api(base, ID)).GET(), KEY))
                .getJsonObject("data")
                .getInt("progress"))
        .isEqualTo(68);

    HttpResponse<String> refused = send(HttpRequest.newBuilder(api(base, ID)).GET(), "not-a-key");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

    HttpResponse<String> health = send(HttpRequest.newBuilder(ready).GET(), null);
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"lux\"").contains("documents").doesNotContain(KEY);

    String metrics = send(HttpRequest.newBuilder(base.resolve("/metrics")).GET(), null).body();
    assertThat(metrics).contains("lux_documents_held").contains("lux_write_to_send_seconds_bucket");
    assertThat(
            metrics
                .lines()
                .filter(
                    line ->
                        line.startsWith("lux_writes_total{")
                            && line.contains("outcome=\"created\"")
                            && (metricLabel == null || line.contains(metricLabel))))
        .singleElement()
        .satisfies(line -> assertThat(line).matches(".* 1(\\.0)?$"));
    assertThat(
            metrics
                .lines()
                .filter(
                    line ->
                        line.startsWith("lux_refusals_total{")
                            && line.contains("reason=\"unauthorized\"")))
        .singleElement()
        .satisfies(line -> assertThat(line).matches(".* 1(\\.0)?$"));

    HttpResponse<String> openapi =
        send(HttpRequest.newBuilder(base.resolve("/openapi")).GET(), null);
    assertThat(openapi.statusCode()).isEqualTo(200);
    assertThat(openapi.body()).contains("/api/lux/{id}").contains("invoice-reconcile");

    assertThat(metrics)
        .containsPattern("lux_sockets_open\\{[^}]*endpoint=\"document\"[^}]*} 1(\\.0)?\n");
    assertThat(metrics).containsPattern("lux_write_to_send_seconds_count(\\{[^}]*})? 1(\\.0)?\n");
    assertThat(log.get()).contains("lux started version=").doesNotContain(KEY);
    return subscriber;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static URI api(URI base, String id) {
    return base.resolve("/api/lux/" + id);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String key) {
    request.timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return Lux.send(request);
  }

  private static void awaitReady(ServerProcess server, URI ready) {
    awaitBoot(
        server,
        ready + " never became ready",
        () -> {
          try {
            return Lux.HTTP
                    .send(
                        HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false; // not listening yet
          }
        });
  }

  private static void awaitLog(ServerProcess server, String text) {
    awaitBoot(server, "no '" + text + "' in the log", () -> server.log().contains(text));
  }

  /**
   * Polls {@code booted} every 500 ms for up to {@link #BOOT}; fails at once, with the server's
   * last output, if the server stops meanwhile.
   */
  private static void awaitBoot(ServerProcess server, String failure, Callable<Boolean> booted) {
    try {
      await()
          .atMost(BOOT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (server != null && !server.alive()) {
                  throw new AssertionError("server stopped\n" + server.tail());
                }
                return booted.call();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(failure + (server == null ? "" : "\n" + server.tail()), e);
    }
  }

  private static void report(String server, long startedNanos) {
    System.out.printf(
        "%s: lux.war ready %d s after start%n",
        server, Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A WebSocket subscriber to one document: its messages in order, and how it was closed. */
  private static final class Subscriber implements WebSocket.Listener {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    static Subscriber open(URI base, String id, String key) {
      Subscriber subscriber = new Subscriber();
      URI socket = URI.create("ws://" + base.getAuthority() + "/api/lux/stream/" + id);
      Lux.HTTP
          .newWebSocketBuilder()
          .header("Authorization", "Bearer " + key)
          .connectTimeout(Duration.ofSeconds(30))
          .buildAsync(socket, subscriber)
          .join();
      return subscriber;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
      closed.complete(code);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closed.completeExceptionally(error);
    }

    String next() throws InterruptedException {
      String message = messages.poll(30, TimeUnit.SECONDS);
      assertThat(message).as("a stream message within 30 s").isNotNull();
      return message;
    }

    int closeCode() throws Exception {
      return closed.get(2, TimeUnit.MINUTES);
    }
  }
}
