package com.voxell.lux.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The credential the client presents: a fixed key, or tokens from a supplier, asked again {@code
 * margin} before the current one expires and whenever Lux refused it. Thread-safe; the supplier is
 * never called by two threads at once.
 */
final class Credentials {

  private final Supplier<Token> supplier;
  private final Duration margin;
  private final Clock clock;
  private Token current;

  Credentials(Token fixed, Supplier<Token> supplier, Duration margin, Clock clock) {
    this.current = fixed;
    this.supplier = supplier;
    this.margin = margin;
    this.clock = clock;
  }

  /**
   * The credential to send, asking the supplier when there is none, it is near expiry, or {@code
   * fresh}.
   */
  synchronized String current(boolean fresh) {
    if (supplier != null && (fresh || current == null || nearExpiry(current))) {
      Token next = supplier.get();
      if (next == null) {
        throw new LuxException(
            401, null, "No token", "the token supplier returned null", null, null);
      }
      current = next;
    }
    return current == null ? null : current.value();
  }

  private boolean nearExpiry(Token token) {
    return token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt().minus(margin));
  }

  /** Whether a refused credential can be replaced by asking again. */
  boolean refreshable() {
    return supplier != null;
  }

  /** When the current token should be replaced, or {@code null} when never. */
  synchronized Instant refreshAt() {
    if (supplier == null || current == null || current.expiresAt() == null) {
      return null;
    }
    return current.expiresAt().minus(margin);
  }
}
