package com.voxell.lux.client;

import java.util.Optional;

/**
 * A running watch of some ids or of a prefix: its listener gets their events until {@link
 * #close()}. The client's socket is shared; closing the last watch closes it.
 */
public final class Watch implements AutoCloseable {

  private final SharedSocket socket;
  private final Subscription subscription;

  Watch(SharedSocket socket, Subscription subscription) {
    this.socket = socket;
    this.subscription = subscription;
  }

  /** The newest state the client holds of {@code id} (as its listener will have it, or soon). */
  public Optional<DocumentState> current(String id) {
    return subscription.covers(id) ? Optional.ofNullable(socket.current(id)) : Optional.empty();
  }

  /** Stops this watch; its listener gets nothing more. */
  @Override
  public void close() {
    socket.remove(subscription);
  }
}
