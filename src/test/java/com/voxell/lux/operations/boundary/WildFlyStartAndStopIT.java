package com.voxell.lux.operations.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.Hammer;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.ServerProcess;
import com.voxell.lux.support.TestKeys;
import com.voxell.lux.support.WildFlyNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One WildFly 38 node ({@code standalone-microprofile.xml}) set up as README ("Deploy on WildFly")
 * says: started, {@code server-config/wildfly.cli} run against it. Suspended (what SIGTERM does
 * first) it answers a PUT and a WebSocket upgrade 503 problem+json. Then it is restarted, as an
 * orchestrator restarts a node, and hammered with valid PUTs and WebSocket upgrades from its first
 * accepted connection until it has exited. Starting, WildFly holds the requests until it has
 * started and Lux answers them; {@code /health/ready} (on the management port) is DOWN until then
 * and goes DOWN at once on SIGTERM. Stopping, every answer is the real one or 503 problem+json with
 * {@code Retry-After} (Lux's filter, or {@code operations.wildfly.SuspendedServerAnswer} for the
 * requests the suspended server refuses itself) until WildFly unregisters Lux's web context. After
 * that WildFly 38 tears its host down while its I/O threads still serve the connections it accepted
 * before its listener closed: those get WildFly's own 404 or 503 page, which nothing in the WAR or
 * the server's configuration can reach (README, "When things go wrong"). The test counts them and
 * holds them to that moment.
 */
class WildFlyStartAndStopIT {

  private static final String KEY = TestKeys.ADMIN;
  private static final Duration BOOT = Duration.ofMinutes(4);
  private static final String UNREGISTERED = "WFLYUT0022: Unregistered web context: '/'";
  private static final Duration LOG_SLACK = Duration.ofMillis(50);
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss,SSS");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Path home;
  private Path base;
  private int offset;

  @Test
  void everyAnswerUntilWildFlyUnregistersLuxIsRealOr503ProblemWithRetryAfter() throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("lux.wildfly.skip"), "lux.wildfly.skip is set");
    String version = System.getProperty("wildfly.version");
    home = ServerProcess.file("lux.servers", "target/servers").toPath();
    home = home.resolve("wildfly-" + version + "/wildfly-" + version);
    base = Path.of(System.getProperty("lux.target", "target"), "wildfly-start-stop");
    ServerProcess.deleteTree(base);
    ServerProcess.copyTree(home.resolve("standalone"), base);
    Path serverConfig = Path.of(System.getProperty("lux.serverConfig"));
    Files.writeString(base.resolve("lux.properties"), TestKeys.config() + "\n");
    offset = ServerProcess.freeBase(10000, 40000, 8080, 8443, 9990, 9993, 8009, 4712, 4713);
    int port = 8080 + offset;
    URI api = URI.create("http://127.0.0.1:" + port + "/api/lux/");

    try (ServerProcess setUp = start("wildfly-start-stop-setup")) {
      awaitLog(setUp, "WFLYSRV0025");
      cli("--file=" + serverConfig.resolve("wildfly.cli"));
      await("Lux deployed").atMost(BOOT).until(() -> readiness().startsWith("200"));
      cli("--command=:suspend"); // what SIGTERM does first, and README's first step of a stop
      assertThat(readiness()).as("suspended").startsWith("503");
      assertUnavailable(put(api.resolve("suspended")), "suspended");
      assertUnavailable(upgrade(port), "suspended, WebSocket upgrade");
    }

    String id = "wildfly-start-stop-" + UUID.randomUUID().toString().substring(0, 8);
    Hammer hammer = new Hammer(port, KEY, id);
    Instant readyAt;
    Instant sigterm;
    String stopping;
    boolean aliveWhenDown;
    String log;
    try (hammer;
        ServerProcess node = start("wildfly-start-stop")) {
      await("Lux takes requests")
          .atMost(BOOT)
          .pollInterval(Duration.ofMillis(50))
          .failFast("the node stopped while booting\n" + node.tail(), () -> !node.alive())
          .until(() -> readiness().startsWith("200"));
      readyAt = Instant.now();
      hammer.phase("serving");
      await("2xx answers after ready")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> hammer.answers().stream().filter(WildFlyStartAndStopIT::served).count() > 20);

      ProcessHandle jvm = node.process().descendants().findFirst().orElseThrow();
      hammer.phase("stopping");
      sigterm = Instant.now();
      jvm.destroy(); // SIGTERM to WildFly's JVM, as an orchestrator stops it
      stopping =
          await("/health/ready DOWN on SIGTERM")
              .atMost(Duration.ofSeconds(10))
              .pollInterval(Duration.ofMillis(20))
              .until(this::readiness, answer -> !answer.startsWith("200"));
      aliveWhenDown = jvm.isAlive();
      jvm.onExit().get(60, TimeUnit.SECONDS);
      node.process().waitFor(30, TimeUnit.SECONDS);
      log = node.log();
    }
    // WildFly writes the line just after it has taken Lux's context away, on a thread that this
    // busy
    // machine may pause in between: its page may come a few milliseconds before the line's time
    Instant logged = logged(log, UNREGISTERED);
    Instant unregistered = logged.minus(LOG_SLACK);
    List<Hammer.Answer> beforeTeardown =
        hammer.wrong().stream().filter(answer -> answer.at().isBefore(unregistered)).toList();
    List<Hammer.Answer> teardown =
        hammer.wrong().stream().filter(answer -> !answer.at().isBefore(unregistered)).toList();
    System.out.println(
        "WildFlyStartAndStopIT answers "
            + hammer.summary()
            + ", no answer "
            + hammer.unanswered()
            + "; neither real nor 503 problem+json (ms after WildFly logged unregistering Lux): "
            + hammer.wrong().stream()
                .map(answer -> Duration.between(logged, answer.at()).toMillis() + " " + answer)
                .toList()
            + "; ready "
            + Duration.between(readyAt, sigterm).toMillis()
            + " ms before SIGTERM, Lux's web context unregistered "
            + Duration.between(sigterm, logged).toMillis()
            + " ms after it; WildFly's own answers after that: "
            + teardown);
    System.out.println("===== node output =====\n" + log); // for ServerLogAudit

    assertThat(hammer.answers())
        .as("answers before readiness was UP")
        .filteredOn(answer -> answer.at().isBefore(readyAt))
        .allMatch(answer -> answer.honest(), "real or 503 problem+json");
    assertThat(hammer.answers())
        .as("answers while ready, until SIGTERM")
        .filteredOn(answer -> answer.at().isAfter(readyAt) && answer.at().isBefore(sigterm))
        .allMatch(answer -> answer.kind().matches("(PUT 2|WS 101).*"), "real");
    assertThat(aliveWhenDown).as("still running when readiness went DOWN").isTrue();
    // 503 DOWN once WildFly suspends; 500 once it has begun to undeploy Lux (its health endpoint
    // fails to find Lux's checks); an empty 503 once its management interface is itself shutting
    // down (seen in CI on a busy machine, the first poll after SIGTERM). To a load balancer each
    // says "not ready"; a 200 or no answer at all would not.
    assertThat(stopping).matches("(503 .*DOWN|503 |500 ).*");
    assertThat(beforeTeardown)
        .as(
            "answers from the first connection until WildFly unregistered Lux, neither real nor 503")
        .isEmpty();
    assertThat(teardown)
        .as("WildFly's own answers come only in its last moments, after it unregistered Lux")
        .allMatch(answer -> answer.at().isBefore(unregistered.plusSeconds(2)));
    assertThat(hammer.answers())
        .as("the stopping node answers 503 problem+json")
        .anyMatch(
            answer ->
                answer.toString().matches("stopping (PUT|WS) 503 application/problem\\+json.*"));
    assertThat(hammer.answers()).anyMatch(answer -> answer.toString().startsWith("serving WS 101"));
  }

  /** 503 problem+json with Retry-After, closing the connection: never WildFly's own page. */
  private static void assertUnavailable(HttpResponse<?> answer, String when) {
    assertThat(answer.statusCode()).as(when).isEqualTo(503);
    assertThat(answer.headers().firstValue("Content-Type"))
        .as(when)
        .hasValue("application/problem+json");
    assertThat(answer.headers().firstValue("Retry-After")).as(when).hasValue("1");
    assertThat(answer.headers().firstValue("Connection")).as(when).hasValue("close");
    if (answer.body() != null) { // a refused upgrade's body is not kept
      assertThat(answer.body().toString())
          .as(when)
          .contains("\"type\":\"urn:lux:problem:unavailable\"");
    }
  }

  private HttpResponse<String> put(URI document) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(document)
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":{\"n\":1}}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The answer to a WebSocket upgrade that must be refused. */
  private HttpResponse<?> upgrade(int port) throws Exception {
    try {
      http.newWebSocketBuilder()
          .header("Authorization", "Bearer " + KEY)
          .buildAsync(
              URI.create("ws://127.0.0.1:" + port + "/api/lux/stream/suspended"),
              new WebSocket.Listener() {})
          .get(30, TimeUnit.SECONDS)
          .abort();
      throw new AssertionError("upgrade accepted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse();
      }
      throw e;
    }
  }

  private static boolean served(Hammer.Answer answer) {
    return answer.phase().equals("serving") && answer.kind().startsWith("PUT 2");
  }

  /**
   * WildFly as README says, in its own copy of {@code standalone/}, the test keys as properties.
   */
  private ServerProcess start(String name) {
    return ServerProcess.start(
        name,
        WildFlyNode.standalone(
            home,
            "standalone-microprofile.xml",
            offset,
            base,
            "-P=" + base.resolve("lux.properties").toUri()),
        Map.of(
            "LAUNCH_JBOSS_IN_BACKGROUND",
            "1",
            "JAVA_OPTS",
            System.getProperty("lux.test.jvm", "") + " -Djava.net.preferIPv4Stack=true"));
  }

  private void cli(String argument) {
    ServerProcess.run(
        "wildfly-start-stop-cli",
        List.of(
            home.resolve("bin/jboss-cli.sh").toString(),
            "--controller=remote+http://127.0.0.1:" + (9990 + offset),
            "--connect",
            "--timeout=30000",
            argument),
        Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
        BOOT);
  }

  /** {@code /health/ready} on the management port: "status body", or "no answer". */
  private String readiness() {
    return Lux.readiness(URI.create("http://127.0.0.1:" + (9990 + offset) + "/health/ready"));
  }

  private static void awaitLog(ServerProcess server, String text) {
    await(text)
        .atMost(BOOT)
        .pollInterval(Duration.ofMillis(250))
        .failFast("WildFly stopped\n" + server.tail(), () -> !server.alive())
        .until(() -> server.log().contains(text));
  }

  /** When WildFly logged {@code text} (its log's local time of day, today). */
  private static Instant logged(String log, String text) {
    String line =
        log.lines()
            .filter(candidate -> candidate.contains(text))
            .findFirst()
            .orElseThrow(() -> new AssertionError("WildFly never logged " + text));
    LocalTime time = LocalTime.parse(line.substring(0, 12), LOG_TIME);
    return LocalDate.now().atTime(time).atZone(ZoneId.systemDefault()).toInstant();
  }
}
