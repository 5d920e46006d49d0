package com.voxell.lux.stream.control;

import java.util.List;
import java.util.function.Consumer;

/**
 * One connection as the registry sees it: a WebSocket session or an SSE sink, hidden behind the two
 * things the fan-out needs. Implementations must never block the calling thread: a lane calls them.
 */
public interface Subscriber {

  /**
   * Starts sending {@code messages} (at most {@link #maxBatch()}, in order) and returns at once;
   * calls {@code done} with {@code null} when they are sent, or with the failure. The registry
   * never has two sends in flight on one subscriber.
   */
  void send(List<String> messages, Consumer<Throwable> done);

  /** How many messages one send may carry: more than one only when the client asked for batches. */
  default int maxBatch() {
    return 1;
  }

  /**
   * A send completed whose oldest message was the {@code update} of a write accepted at {@code
   * writtenAtMillis} (the document's {@code updatedAt}): one reading per send, for the
   * write-to-send meter.
   */
  default void updateSent(long writtenAtMillis) {}

  /** Closes the connection with a WebSocket close code (1001, 1008, 1013…); never blocks. */
  void close(int code, String reason);

  /** Called about once a second, for transport chores (pings, SSE comment lines). */
  default void tick(long nowNanos) {}
}
