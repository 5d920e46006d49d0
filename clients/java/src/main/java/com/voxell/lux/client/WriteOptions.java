package com.voxell.lux.client;

import java.time.Duration;

/**
 * The options of a write, each {@code null} when not sent: {@code lease} (stale without a write or
 * renewal this long; zero removes it), {@code ttl} (removed this long after the last write), {@code
 * stall} (stalled when progress stops moving this long) and {@code ifMatch} (the entity tag the
 * document must have, e.g. {@link Receipt#etag()}). Immutable; start from {@link #NONE}.
 */
public record WriteOptions(Duration lease, Duration ttl, Duration stall, String ifMatch) {

  /** No option: the document keeps its lease, ttl and stall time. */
  public static final WriteOptions NONE = new WriteOptions(null, null, null, null);

  public WriteOptions lease(Duration value) {
    return new WriteOptions(value, ttl, stall, ifMatch);
  }

  public WriteOptions ttl(Duration value) {
    return new WriteOptions(lease, value, stall, ifMatch);
  }

  public WriteOptions stall(Duration value) {
    return new WriteOptions(lease, ttl, value, ifMatch);
  }

  public WriteOptions ifMatch(String etag) {
    return new WriteOptions(lease, ttl, stall, etag);
  }
}
