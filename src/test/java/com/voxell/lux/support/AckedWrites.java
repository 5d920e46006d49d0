package com.voxell.lux.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Writers for the fault tests: PUTs at a steady pace to a set of documents, each through the node a
 * supplier picks, remembering for every document the newest version a writer was told is stored.
 * Afterwards {@link #lost} checks, document by document, that a node holds that version or a newer
 * one. Counts what was accepted and refused, and the longest time no write was acknowledged.
 */
public final class AckedWrites implements AutoCloseable {

  /** How many refusals other than 503 problem+json are printed in full, each with its time. */
  private static final int UNEXPECTED_PRINTED = 20;

  private final List<String> ids;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Long> counts = new ConcurrentHashMap<>();
  private final List<Long> ackTimes = new ArrayList<>();
  private long takenAt = System.nanoTime();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger unexpectedPrinted = new AtomicInteger();
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

  /** Each write to the next of {@code nodes} in turn, as they are at the time of the write. */
  public static Supplier<URI> roundRobin(Supplier<List<URI>> nodes) {
    AtomicInteger turn = new AtomicInteger();
    return () -> {
      List<URI> now = nodes.get();
      return now.get(Math.floorMod(turn.getAndIncrement(), now.size()));
    };
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
        acknowledgedNow();
        count("accepted");
      } else {
        boolean honest = honest(answer);
        count("refused " + status + (honest ? "" : " " + describe(answer)));
        if (status != 503 || !honest) {
          printUnexpected(base, id, answer);
        }
      }
    } catch (IOException e) {
      count("no answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void acknowledgedNow() {
    ackTimes.add(System.nanoTime());
  }

  /**
   * Whether a refusal is Lux's own: a problem ({@code application/problem+json}), and for a 503 one
   * a client can act on, with {@code Retry-After} (a 4xx problem is a client's own fault and
   * counted as it is; a 500 problem is Lux's failure, counted as {@code refused 500}).
   */
  private static boolean honest(HttpResponse<String> answer) {
    boolean problem =
        answer
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .split(";")[0] // a charset parameter changes nothing
            .strip()
            .equals("application/problem+json");
    return problem
        && (answer.statusCode() != 503 || answer.headers().firstValue("Retry-After").isPresent());
  }

  /**
   * Prints the first refusals that are not 503 problem+json with Retry-After, with the time and the
   * body, so that a server's log (or the body itself) can tell where they came from.
   */
  private void printUnexpected(URI base, String id, HttpResponse<String> answer) {
    if (unexpectedPrinted.incrementAndGet() <= UNEXPECTED_PRINTED) {
      String body = answer.body();
      System.out.printf(
          "%s unexpected answer to PUT %s via %s: %d %s, headers %s, body %s%n",
          Instant.now(),
          id,
          base,
          answer.statusCode(),
          describe(answer),
          answer.headers().map(),
          body.length() > 1200 ? body.substring(0, 1200) + "…" : body);
    }
  }

  private static String describe(HttpResponse<String> answer) {
    return answer.headers().firstValue("Content-Type").orElse("no Content-Type")
        + answer.headers().firstValue("Retry-After").map(s -> "").orElse(" without Retry-After");
  }

  private void count(String outcome) {
    counts.merge(outcome, 1L, Long::sum);
  }

  /**
   * Outcomes so far ({@code accepted}, {@code refused STATUS}, or for a refusal that is not a
   * problem, or a 503 problem without Retry-After, {@code refused STATUS TYPE …}, {@code no
   * answer}), and clears them.
   */
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

  /** The longest time without an acknowledged write since the last take, until now. */
  public synchronized Duration takeLongestGap() {
    long now = System.nanoTime();
    Duration longest = longestGapBetween(takenAt, now).length();
    takenAt = now;
    return longest;
  }

  /** A time without an acknowledged write, as {@link System#nanoTime} values. */
  public record Gap(long from, long to) {
    public Duration length() {
      return Duration.ofNanos(to - from);
    }
  }

  /**
   * The longest time without an acknowledged write between {@code from} and {@code to} (both {@link
   * System#nanoTime} values, counted as its ends): after a fault at {@code from}, when it ended is
   * when writes were taken again; a stall that lasted until {@code to} ends there.
   */
  public synchronized Gap longestGapBetween(long from, long to) {
    Gap longest = new Gap(from, from);
    long previous = from;
    for (long at : ackTimes) {
      if (at > from && at <= to) {
        longest = longer(longest, new Gap(previous, at));
        previous = at;
      }
    }
    return longer(longest, new Gap(previous, to));
  }

  private static Gap longer(Gap one, Gap other) {
    return other.length().compareTo(one.length()) > 0 ? other : one;
  }

  /**
   * Prints the outcomes since the last report (or take) and the longest time without an
   * acknowledged write, with the machine's load, as {@code "<span>: writes …"}; returns the
   * outcomes.
   */
  public Map<String, Long> report(String span) {
    Map<String, Long> taken = takeCounts();
    String load;
    try {
      load = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      load = "unknown";
    }
    System.out.printf(
        "%s: writes %s, longest time without an acknowledged write %d ms (load %s)%n",
        span, taken, takeLongestGap().toMillis(), load);
    return taken;
  }

  /** How many documents have a newer acknowledged version now than in {@code then}. */
  public long newerThan(Map<String, Long> then) {
    return acknowledged.entrySet().stream()
        .filter(write -> write.getValue() > then.getOrDefault(write.getKey(), 0L))
        .count();
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

  /**
   * The version {@code node} holds now of each document written to, 0 for one no write created (a
   * subscriber's default): what every subscriber must end on.
   */
  public Map<String, Long> newest(URI node) {
    Map<String, Long> newest = new HashMap<>();
    for (String id : ids) {
      long held = held(node, id);
      newest.put(id, held == -404 ? 0 : held);
    }
    return newest;
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
