package com.voxell.lux.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Writers for the fault tests: PUTs at a steady pace to a set of documents, each through the node a
 * supplier picks, remembering for every document the newest version a writer was told is stored.
 * Afterwards {@link #lost} checks, document by document, that a node holds that version or a newer
 * one. Counts what was accepted and refused, and the longest time no write was acknowledged.
 */
public final class AckedWrites implements AutoCloseable {

  private final List<String> ids;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Long> counts = new ConcurrentHashMap<>();
  private final AtomicLong lastAck = new AtomicLong(System.nanoTime());
  private final AtomicLong longestGapNanos = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService writers;

  /**
   * @param perSecond writes per second, all writers together
   * @param node the API base ({@code http://host:port}) each write goes to
   */
  public AckedWrites(
      List<String> ids, String key, int writerCount, int perSecond, Supplier<URI> node) {
    this.ids = List.copyOf(ids);
    this.key = key;
    this.writers = Executors.newFixedThreadPool(writerCount);
    long pauseNanos = TimeUnit.SECONDS.toNanos(1) * writerCount / perSecond;
    for (int w = 0; w < writerCount; w++) {
      writers.submit(() -> write(node, pauseNanos));
    }
  }

  private void write(Supplier<URI> node, long pauseNanos) {
    long next = System.nanoTime();
    while (running.get()) {
      String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
      once(node.get(), id);
      next += pauseNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      } else {
        next = System.nanoTime(); // behind: no burst to catch up
      }
    }
  }

  private void once(URI base, String id) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/lux/" + id))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    "{\"data\":{\"at\":" + System.nanoTime() + "}}"))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = answer.statusCode();
      if (status == 200 || status == 201) {
        long version = Lux.json(answer).getJsonNumber("version").longValue();
        acknowledged.merge(id, version, Math::max);
        long now = System.nanoTime();
        long previous = lastAck.getAndSet(now);
        longestGapNanos.accumulateAndGet(now - previous, Math::max);
        count("accepted");
      } else {
        count("refused " + status);
      }
    } catch (IOException e) {
      count("no answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void count(String outcome) {
    counts.merge(outcome, 1L, Long::sum);
  }

  /** Outcomes so far (accepted, refused STATUS, no answer), and clears them for the next span. */
  public Map<String, Long> takeCounts() {
    Map<String, Long> taken = new java.util.TreeMap<>();
    for (String outcome : List.copyOf(counts.keySet())) {
      Long value = counts.remove(outcome);
      if (value != null) {
        taken.put(outcome, value);
      }
    }
    return taken;
  }

  /** The longest time between two acknowledged writes so far, and clears it. */
  public Duration takeLongestGap() {
    return Duration.ofNanos(longestGapNanos.getAndSet(0));
  }

  public Map<String, Long> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  /** Stops the writers and waits for their last writes. */
  @Override
  public void close() {
    running.set(false);
    writers.shutdown();
    try {
      writers.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Documents whose acknowledged version {@code node} does not hold (nor a newer one). */
  public List<String> lost(URI node) {
    List<String> lost = new ArrayList<>();
    acknowledged.forEach(
        (id, version) -> {
          long held = held(node, id);
          if (held < version) {
            lost.add(id + " acknowledged v" + version + ", holds v" + held);
          }
        });
    return lost;
  }

  /** The version {@code node} holds for {@code id}, or -1 when it has none (or does not answer). */
  public long held(URI node, String id) {
    try {
      HttpResponse<String> read =
          http.send(
              HttpRequest.newBuilder(node.resolve("/api/lux/" + id))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return read.statusCode() == 200
          ? Lux.json(read).getJsonNumber("version").longValue()
          : -read.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
