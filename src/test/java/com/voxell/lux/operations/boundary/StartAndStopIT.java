package com.voxell.lux.operations.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.MicroOptions;
import com.voxell.lux.support.ServerProcess;
import com.voxell.lux.support.TestKeys;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
  private static final long PACE_MILLIS = 5; // "every few milliseconds", as the issue saw it

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicBoolean hammering = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unanswered = new AtomicInteger();

  /** What the test has seen of the node: starting, serving (readiness UP), stopping (SIGTERM). */
  private final AtomicReference<String> seen = new AtomicReference<>("starting");

  @Test
  void everyAnswerFromFirstConnectionToExitIsRealOr503ProblemWithRetryAfter() throws Exception {
    int port = ServerProcess.freePort();
    URI base = URI.create("http://127.0.0.1:" + port);
    String id = "start-stop-" + UUID.randomUUID().toString().substring(0, 8);
    ExecutorService hammers = Executors.newFixedThreadPool(3);
    String stopping;
    boolean aliveWhenDown;
    String log;
    try (ServerProcess node = ServerProcess.start("start-stop", command(port), Map.of())) {
      hammers.submit(() -> hammer(() -> put(base, id)));
      hammers.submit(() -> hammer(() -> put(base, id)));
      hammers.submit(() -> hammer(() -> upgrade(port, id)));

      await("Lux takes requests")
          .atMost(BOOT)
          .pollInterval(Duration.ofMillis(50))
          .failFast("the node stopped while booting\n" + node.tail(), () -> !node.alive())
          .until(() -> readiness(base).startsWith("200"));
      seen.set("serving");
      String ready = readiness(base);
      assertThat(ready).contains("\"phase\":\"serving\"");
      await("2xx answers after ready")
          .atMost(Duration.ofSeconds(30))
          .until(() -> answers.stream().filter(a -> a.startsWith("serving PUT 2")).count() > 20);

      seen.set("stopping");
      node.process().destroy(); // SIGTERM
      stopping =
          await("/health/ready DOWN on SIGTERM")
              .atMost(Duration.ofSeconds(10))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> readiness(base), answer -> !answer.startsWith("200"));
      aliveWhenDown = node.alive();
      node.process().waitFor(60, TimeUnit.SECONDS);
      log = node.log();
    } finally {
      hammering.set(false);
      hammers.shutdown();
      hammers.awaitTermination(30, TimeUnit.SECONDS);
    }
    System.out.println("StartAndStopIT answers " + summary() + ", no answer " + unanswered);
    System.out.println("StartAndStopIT answers neither real nor Lux's 503: " + wrong);
    System.out.println("===== node output =====\n" + log); // for ServerLogAudit
    assertThat(aliveWhenDown).as("still running when readiness went DOWN").isTrue();
    assertThat(stopping).startsWith("503").contains("\"phase\":\"stopping\"");
    assertThat(wrong)
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
    return command;
  }

  /** Sends one request after another until told to stop; refused connections are not answers. */
  private void hammer(Supplier<String> one) {
    while (hammering.get()) {
      String answer = one.get();
      if (answer == null) {
        unanswered.incrementAndGet();
      } else {
        answers.add(answer);
      }
      try {
        Thread.sleep(PACE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private String put(URI base, String id) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/lux/" + id))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":{\"n\":1}}"))
            .build();
    try {
      return judge("PUT", http.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Opens a socket and waits for its first message or its close: 101, or a refusal judged. */
  private String upgrade(int port, String id) {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            first.complete(seen.get() + " WS 101");
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            first.complete(
                code == 1013 || code == 1001 ? seen.get() + " WS 101 closed " + code : null);
            if (code != 1013 && code != 1001) {
              wrong.add("WS closed " + code + " " + reason);
            }
            return null;
          }

          @Override
          public void onError(WebSocket socket, Throwable error) {
            first.complete(null);
          }
        };
    try {
      WebSocket socket =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .header("Authorization", "Bearer " + KEY)
              .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/lux/stream/" + id), listener)
              .get(10, TimeUnit.SECONDS);
      String answer = first.get(10, TimeUnit.SECONDS);
      socket.abort();
      return answer;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        HttpResponse<?> response = refused.getResponse();
        return judge("WS", response);
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.util.concurrent.TimeoutException e) {
      wrong.add("WS no first message in 10 s");
      return null;
    }
  }

  /** "METHOD status type": 2xx, or 503 problem+json with Retry-After; anything else is wrong. */
  private String judge(String method, HttpResponse<?> response) {
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("none");
    String answer = seen.get() + " " + method + " " + status + " " + type;
    boolean honest =
        (status >= 200 && status < 300)
            || (status == 503
                && type.startsWith("application/problem+json")
                && response.headers().firstValue("Retry-After").isPresent());
    if (!honest) {
      wrong.add(answer + " " + response.body());
    }
    return answer;
  }

  private String readiness(URI base) {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(base.resolve("/health/ready"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() + " " + answer.body().replace(" ", "");
    } catch (IOException e) {
      return "no answer";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no answer";
    }
  }

  private Map<String, Integer> summary() {
    Map<String, Integer> counts = new TreeMap<>();
    answers.forEach(answer -> counts.merge(answer, 1, Integer::sum));
    return counts;
  }
}
