package com.voxell.lux.stream.boundary;

import com.voxell.lux.stream.control.Subscriber;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session as a {@link Subscriber}. Sends only with the asynchronous API and a
 * completion handler: a blocking send would let one reader that stopped reading stall a lane and
 * every subscriber behind it. Pings every interval and closes a socket whose pongs stopped.
 */
final class SocketSubscriber implements Subscriber {

  private static final Logger LOG = Logger.getLogger(SocketSubscriber.class.getName());
  private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {'l', 'u', 'x'});

  private final Session session;
  private final Executor blocking;
  private final long pingNanos;
  private final Consumer<String> onSent;
  private volatile long lastPing;
  private volatile long lastPong;

  SocketSubscriber(
      Session session, Executor blocking, long pingNanos, long now, Consumer<String> onSent) {
    this.session = session;
    this.onSent = onSent;
    this.blocking = blocking;
    this.pingNanos = pingNanos;
    this.lastPing = now;
    this.lastPong = now;
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    try {
      session
          .getAsyncRemote()
          .sendText(
              text,
              result -> {
                if (result.isOK()) {
                  onSent.accept(text);
                }
                done.accept(result.getException());
              });
    } catch (RuntimeException e) {
      done.accept(e);
    }
  }

  @Override
  public void close(int code, String reason) {
    close(session, code, reason);
  }

  static void close(Session session, int code, String reason) {
    try {
      if (session.isOpen()) {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "closing a stream socket failed", e);
    }
  }

  void ponged(long now) {
    lastPong = now;
  }

  /** Pings every interval; a socket that left two pings unanswered is closed. */
  @Override
  public void tick(long now) {
    if (now - lastPing < pingNanos) {
      return;
    }
    if (lastPing - lastPong > pingNanos) {
      blocking.execute(() -> close(1001, "no pong: connection presumed dead"));
      return;
    }
    lastPing = now;
    // sendPing may wait for the network: never on the ticking thread.
    blocking.execute(
        () -> {
          try {
            if (session.isOpen()) {
              session.getAsyncRemote().sendPing(PING.duplicate());
            }
          } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ping failed", e);
          }
        });
  }
}
