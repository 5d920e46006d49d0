package com.voxell.lux.stream.entity;

import java.time.Duration;

/**
 * The bounds of the live stream, read once from configuration.
 *
 * @param subscriptionsPerConnection ids plus prefixes one connection may follow
 * @param maxClientMessageBytes largest message a client may send (larger: close 1009)
 * @param connectionsPerSubject open connections one key or token subject may hold (more: 1013)
 * @param maxLag how long one send may stay unfinished before the subscriber is closed with 1013
 * @param maxPending documents with an unsent state one subscriber may have before it is closed with
 *     1013 (conflation keeps one state per document, so this bounds prefix subscriptions)
 * @param heartbeat quiet time after which a {@code heartbeat} message is sent
 * @param lanes threads that fan changes out; each document always uses the same one
 */
public record StreamLimits(
    int subscriptionsPerConnection,
    int maxClientMessageBytes,
    int connectionsPerSubject,
    Duration maxLag,
    int maxPending,
    Duration heartbeat,
    int lanes) {

  public StreamLimits {
    if (subscriptionsPerConnection < 1
        || maxClientMessageBytes < 64
        || connectionsPerSubject < 1
        || maxPending < 1
        || lanes < 1) {
      throw new IllegalArgumentException(
          "stream limits must be positive: " + subscriptionsPerConnection);
    }
  }

  /** The defaults of META-INF/microprofile-config.properties, for tests. */
  public static StreamLimits defaults() {
    return new StreamLimits(
        1000, 69632, 1000, Duration.ofSeconds(30), 10000, Duration.ofSeconds(25), 2);
  }
}
