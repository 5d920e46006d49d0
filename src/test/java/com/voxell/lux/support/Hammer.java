package com.voxell.lux.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Valid requests, one after another every few milliseconds, from before a server accepts
 * connections until the test closes it (after the server has exited): two threads PUT a document
 * with the right key, a third opens WebSocket subscriptions to it. Every answer is judged (the real
 * one, or {@code 503} problem+json with {@code Retry-After}; a socket may also be accepted and
 * closed with 1001 or 1013) and kept with the moment it came and the phase the test had seen the
 * node in. A refused connection, or one closed without an answer, is no answer: it is only counted.
 */
public final class Hammer implements AutoCloseable {

  /** One answer: {@code kind} is "METHOD status type" ("WS 101" for an accepted socket). */
  public record Answer(Instant at, String phase, String kind, boolean honest, String body) {
    @Override
    public String toString() {
      return phase + " " + kind + (honest ? "" : " " + body);
    }
  }

  private static final long PACE_MILLIS = 5; // "every few milliseconds", as issue 21 saw it

  private final int port;
  private final String key;
  private final String id;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ExecutorService threads = Executors.newFixedThreadPool(3);
  private final AtomicBoolean hammering = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unanswered = new AtomicInteger();

  /** What the test has seen of the node: starting, serving (readiness UP), stopping (SIGTERM). */
  private final AtomicReference<String> phase = new AtomicReference<>("starting");

  /** Starts hammering {@code 127.0.0.1:port} with {@code key} on document {@code id}. */
  public Hammer(int port, String key, String id) {
    this.port = port;
    this.key = key;
    this.id = id;
    threads.submit(() -> repeat(this::put));
    threads.submit(() -> repeat(this::put));
    threads.submit(() -> repeat(this::upgrade));
  }

  /** The phase later answers are labelled with. */
  public void phase(String seen) {
    phase.set(seen);
  }

  public List<Answer> answers() {
    return List.copyOf(answers);
  }

  /** The answers that were neither real nor Lux's 503. */
  public List<Answer> wrong() {
    return answers.stream().filter(answer -> !answer.honest()).toList();
  }

  public int unanswered() {
    return unanswered.get();
  }

  /**
   * Counts per phase and kind of answer, e.g. {@code "stopping PUT 503 application/problem+json"}.
   */
  public Map<String, Integer> summary() {
    Map<String, Integer> counts = new TreeMap<>();
    answers.forEach(answer -> counts.merge(answer.phase() + " " + answer.kind(), 1, Integer::sum));
    return counts;
  }

  /** Stops sending and waits for the requests under way. */
  @Override
  public void close() throws InterruptedException {
    hammering.set(false);
    threads.shutdown();
    threads.awaitTermination(30, TimeUnit.SECONDS);
  }

  private void repeat(Runnable one) {
    while (hammering.get()) {
      one.run();
      try {
        Thread.sleep(PACE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void put() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/lux/" + id))
            .timeout(
                Duration.ofSeconds(60)) // a starting WildFly holds requests until it has started
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":{\"n\":1}}"))
            .build();
    try {
      judge("PUT", http.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      unanswered.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Opens a socket and waits for its first message or its close: 101, or a refusal judged. */
  private void upgrade() {
    CompletableFuture<Supplier<Answer>> first = new CompletableFuture<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            first.complete(() -> answer("WS 101", true, ""));
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            boolean goAway = code == 1013 || code == 1001;
            first.complete(() -> answer("WS 101 closed " + code, goAway, reason));
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
              .connectTimeout(
                  Duration.ofSeconds(60)) // the handshake too may be held while starting
              .header("Authorization", "Bearer " + key)
              .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/lux/stream/" + id), listener)
              .get(70, TimeUnit.SECONDS);
      Supplier<Answer> answer = first.get(10, TimeUnit.SECONDS);
      socket.abort();
      if (answer == null) {
        unanswered.incrementAndGet();
      } else {
        answers.add(answer.get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        judge("WS", refused.getResponse());
      } else {
        unanswered.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      answers.add(answer("WS no first message in 10 s", false, ""));
    }
  }

  /** "METHOD status type": 2xx, or 503 problem+json with Retry-After; anything else is wrong. */
  private void judge(String method, HttpResponse<?> response) {
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("none");
    boolean honest =
        (status >= 200 && status < 300)
            || (status == 503
                && type.startsWith("application/problem+json")
                && response.headers().firstValue("Retry-After").isPresent());
    answers.add(
        answer(method + " " + status + " " + type, honest, String.valueOf(response.body())));
  }

  private Answer answer(String kind, boolean honest, String body) {
    return new Answer(Instant.now(), phase.get(), kind, honest, body);
  }
}
