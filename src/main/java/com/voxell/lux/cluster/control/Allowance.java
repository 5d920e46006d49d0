package com.voxell.lux.cluster.control;

/**
 * A writer's token bucket as one immutable value, so the grid can keep it in a map and change it by
 * compare-and-set: {@code tokens} left at {@code lastMillis}. The bucket holds one second's worth
 * of writes, as {@code LocalRateLimiter} does in one JVM.
 */
public record Allowance(double tokens, long lastMillis) {

  /** A full bucket for a writer allowed {@code rate} writes per second. */
  public static Allowance full(double rate, long nowMillis) {
    return new Allowance(Math.max(1, rate), nowMillis);
  }

  /** The bucket refilled up to {@code nowMillis}. */
  public Allowance refilled(double rate, long nowMillis) {
    long elapsed = Math.max(0, nowMillis - lastMillis);
    return new Allowance(
        Math.min(Math.max(1, rate), tokens + elapsed * rate / 1000.0),
        Math.max(lastMillis, nowMillis));
  }

  public boolean hasToken() {
    return tokens >= 1;
  }

  public Allowance taken() {
    return new Allowance(tokens - 1, lastMillis);
  }

  /** Milliseconds until one token is available. */
  public long waitMillis(double rate) {
    return (long) Math.ceil((1 - tokens) * 1000.0 / rate);
  }

  public String text() {
    return tokens + ":" + lastMillis;
  }

  public static Allowance parse(String text) {
    int colon = text.indexOf(':');
    return new Allowance(
        Double.parseDouble(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
  }
}
