package com.voxell.lux.stream.entity;

import java.util.List;

/**
 * A client's message on the multiplexed socket: {@code subscribe} or {@code unsubscribe}, by ids or
 * by one prefix (exactly one of the two).
 */
public record StreamRequest(Op op, List<String> ids, String prefix) {

  /** What the client asks for. */
  public enum Op {
    SUBSCRIBE,
    UNSUBSCRIBE
  }

  public StreamRequest {
    ids = ids == null ? null : List.copyOf(ids);
  }

  public boolean byPrefix() {
    return prefix != null;
  }
}
