package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes per second per writer, counted in this JVM (a cluster shares one count through {@code
 * SharedRateLimiter}), as a token bucket holding one second's worth of writes: a writer may burst
 * up to its rate, then is refused with the seconds to wait.
 */
public final class LocalRateLimiter implements RateLimiter {

  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public LocalRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void acquire(Writer writer) {
    if (writer.writesPerSecond() <= 0) {
      return;
    }
    Bucket bucket =
        buckets.computeIfAbsent(writer.name(), name -> new Bucket(writer.writesPerSecond()));
    long waitMillis = bucket.take(writer.writesPerSecond(), clock.millis());
    if (waitMillis > 0) {
      throw Problem.rateLimited(
          "'"
              + writer.name()
              + "' may write "
              + writer.writesPerSecond()
              + " times per second; try again shortly.",
          (waitMillis + 999) / 1000);
    }
  }

  private static final class Bucket {
    private double tokens;
    private long lastMillis = -1;

    Bucket(double rate) {
      this.tokens = Math.max(1, rate);
    }

    /** Returns 0 when a token was taken, else the milliseconds until one is available. */
    synchronized long take(double rate, long nowMillis) {
      double capacity = Math.max(1, rate);
      if (lastMillis >= 0) {
        tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * rate / 1000.0);
      }
      lastMillis = nowMillis;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) * 1000.0 / rate);
    }
  }
}
