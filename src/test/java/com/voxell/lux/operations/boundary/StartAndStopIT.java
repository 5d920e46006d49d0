package com.voxell.lux.operations.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.Hammer;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.MicroOptions;
import com.voxell.lux.support.ServerProcess;
import com.voxell.lux.support.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Payara Micro node, started and stopped by the test, hammered with valid PUTs and WebSocket
 * upgrades from its first accepted connection until it has exited: every answer is the real one or
 * {@code 503} problem+json with {@code Retry-After} (a socket may also be accepted and closed with
 * 1001 or 1013), never the server's own 404, 403, 503 page or empty 500 of a half-deployed or
 * half-undeployed application. {@code /health/ready} is DOWN until Lux takes requests and goes DOWN
 * at once on SIGTERM; during the shutdown grace the node answers 503 problem+json, and after it the
 * listener closes before Payara undeploys Lux, so the last connections are refused rather than
 * answered by the server.
 */
class StartAndStopIT {

  private static final String KEY = TestKeys.ADMIN;
  private static final Duration BOOT = Duration.ofMinutes(4);

  @Test
  void everyAnswerFromFirstConnectionToExitIsRealOr503ProblemWithRetryAfter() throws Exception {
    int port = ServerProcess.freePort();
    URI base = URI.create("http://127.0.0.1:" + port);
    String id = "start-stop-" + UUID.randomUUID().toString().substring(0, 8);
    String stopping;
    boolean aliveWhenDown;
    String log;
    Hammer hammer = new Hammer(port, KEY, id);
    try (hammer;
        ServerProcess node = ServerProcess.start("start-stop", command(port), Map.of())) {
      await("Lux takes requests")
          .atMost(BOOT)
          .pollInterval(Duration.ofMillis(50))
          .failFast("the node stopped while booting\n" + node.tail(), () -> !node.alive())
          .until(() -> readiness(base).startsWith("200"));
      hammer.phase("serving");
      String ready = readiness(base);
      assertThat(ready).contains("\"phase\":\"serving\"");
      await("2xx answers after ready")
          .atMost(Duration.ofSeconds(30))
          .until(() -> hammer.answers().stream().filter(StartAndStopIT::servingWrite).count() > 20);

      hammer.phase("stopping");
      node.process().destroy(); // SIGTERM
      stopping =
          await("/health/ready DOWN on SIGTERM")
              .atMost(Duration.ofSeconds(10))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> readiness(base), answer -> !answer.startsWith("200"));
      aliveWhenDown = node.alive();
      node.process().waitFor(60, TimeUnit.SECONDS);
      log = node.log();
    }
    List<String> answers = hammer.answers().stream().map(Hammer.Answer::toString).toList();
    System.out.println(
        "StartAndStopIT answers " + hammer.summary() + ", no answer " + hammer.unanswered());
    System.out.println("StartAndStopIT answers neither real nor Lux's 503: " + hammer.wrong());
    System.out.println("===== node output =====\n" + log); // for ServerLogAudit
    assertThat(aliveWhenDown).as("still running when readiness went DOWN").isTrue();
    assertThat(stopping).startsWith("503").contains("\"phase\":\"stopping\"");
    assertThat(hammer.wrong())
        .as(
            "answers from the first connection to the exit that were neither real nor 503 problem+json")
        .isEmpty();
    assertThat(answers)
        .as("the draining node answers 503 problem+json")
        .anyMatch(a -> a.startsWith("stopping PUT 503 application/problem+json"));
    assertThat(answers)
        .anyMatch(a -> a.startsWith("serving PUT 2"))
        .anyMatch(a -> a.startsWith("serving WS 101"));
  }

  private static boolean servingWrite(Hammer.Answer answer) {
    return answer.phase().equals("serving") && answer.kind().startsWith("PUT 2");
  }

  private List<String> command(int port) throws IOException {
    Path properties = ServerProcess.logs().resolve("start-stop.properties");
    Files.writeString(properties, TestKeys.config() + "\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : System.getProperty("lux.test.jvm", "").trim().split("\\s+")) {
      if (!flag.isEmpty()) {
        command.add(flag);
      }
    }
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("payara.microJar"),
            "--deploy",
            System.getProperty("lux.war"),
            "--contextroot",
            "/",
            "--port",
            Integer.toString(port),
            "--nohazelcast",
            "--systemProperties",
            properties.toString()));
    command.addAll(MicroOptions.shared());
    command.addAll(MicroOptions.unpackedIn(ServerProcess.logs().resolve("start-stop-runtime")));
    return command;
  }

  private static String readiness(URI base) {
    return Lux.readiness(base.resolve("/health/ready"));
  }
}
