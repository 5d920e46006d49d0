package com.voxell.lux.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential backoff with full jitter, {@code random() × min(max, initial ×
 * 2^attempt)}, so a fleet of clients dropped at once does not come back at once.
 *
 * @param initial the cap of the first delay
 * @param max the largest cap
 */
record Backoff(Duration initial, Duration max) {

  long delayMillis(int attempt, DoubleSupplier random) {
    double cap = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(attempt, 30)));
    return (long) Math.floor(random.getAsDouble() * cap);
  }
}
