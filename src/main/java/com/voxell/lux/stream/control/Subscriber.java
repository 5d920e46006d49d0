package com.voxell.lux.stream.control;

import java.util.function.Consumer;

/**
 * One connection as the registry sees it: a WebSocket session or an SSE sink, hidden behind the two
 * things the fan-out needs. Implementations must never block the calling thread: a lane calls them.
 */
public interface Subscriber {

  /**
   * Starts sending one message and returns at once; calls {@code done} with {@code null} when it is
   * sent, or with the failure. The registry never has two sends in flight on one subscriber.
   */
  void send(String text, Consumer<Throwable> done);

  /** Closes the connection with a WebSocket close code (1001, 1008, 1013…); never blocks. */
  void close(int code, String reason);

  /** Called about once a second, for transport chores (pings, SSE comment lines). */
  default void tick(long nowNanos) {}
}
