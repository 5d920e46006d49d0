package com.voxell.lux.stream.entity;

import java.util.List;

/**
 * A client's message on the multiplexed socket: {@code subscribe} or {@code unsubscribe}, by ids,
 * by one prefix, or to the roll-up of one prefix (exactly one of the three). {@code timeline} asks
 * for {@code derived.timeline} in the snapshots of an ids or prefix subscription.
 */
public record StreamRequest(
    Op op, List<String> ids, String prefix, String rollup, boolean timeline) {

  /** What the client asks for. */
  public enum Op {
    SUBSCRIBE,
    UNSUBSCRIBE
  }

  public StreamRequest {
    ids = ids == null ? null : List.copyOf(ids);
  }

  /** A request by ids or by prefix, without a timeline. */
  public StreamRequest(Op op, List<String> ids, String prefix) {
    this(op, ids, prefix, null, false);
  }

  public boolean forRollup() {
    return rollup != null;
  }

  public boolean byPrefix() {
    return prefix != null;
  }
}
