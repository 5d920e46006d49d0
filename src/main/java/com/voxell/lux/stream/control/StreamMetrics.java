package com.voxell.lux.stream.control;

/**
 * What the stream reports to whoever meters it. The stream knows only this interface (as mercure's
 * hub knows only its {@code Metrics}); {@link #NONE} is for a stream nobody meters, and the
 * operations package implements it for Prometheus and MicroProfile Metrics.
 */
public interface StreamMetrics {

  StreamMetrics NONE = new StreamMetrics() {};

  /** A WebSocket registered with the stream: {@code document} or {@code multiplexed}. */
  default void socketOpened(String endpoint) {}

  default void socketClosed(String endpoint) {}

  /**
   * A send to a WebSocket completed whose oldest message was the {@code update} of a write accepted
   * at {@code writtenAtMillis}.
   */
  default void updateSent(long writtenAtMillis) {}
}
