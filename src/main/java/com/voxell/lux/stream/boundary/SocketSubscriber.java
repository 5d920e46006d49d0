package com.voxell.lux.stream.boundary;

import com.voxell.lux.stream.control.Subscriber;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session as a {@link Subscriber}. Sends only with the asynchronous API and a
 * completion handler: a blocking send would let one reader that stopped reading stall a lane and
 * every subscriber behind it. Pings every interval and closes a socket whose pongs stopped.
 */
final class SocketSubscriber implements Subscriber {

  private static final Logger LOG = Logger.getLogger(SocketSubscriber.class.getName());
  // At most this many messages per frame when the client asked for batches (?batch=1).
  static final int MAX_BATCH = 500;

  // Payara's Tyrus schedules an idle-timeout task on the managed scheduler for every send and
  // ping, and capturing a task's context runs a ServiceLoader lookup through the thread's context
  // class loader: the application's loader scans every jar of the server, the platform loader
  // answers at once. Nothing in a send loads classes, so sends and pings run with the platform
  // loader (JFR showed over half of the server's stream CPU in that lookup).
  private static final ClassLoader QUICK_LOOKUPS = ClassLoader.getPlatformClassLoader();
  private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {'l', 'u', 'x'});

  private final Session session;
  private final boolean batch;
  private final Executor blocking;
  private final long pingNanos;
  private final LongConsumer onUpdateSent;
  private volatile long lastPing;
  private volatile long lastPong;

  /**
   * @param firstPing when to send the first ping (nanoTime); then every {@code pingNanos}
   * @param onUpdateSent hears the write time of each completed send's oldest {@code update}
   */
  SocketSubscriber(
      Session session,
      boolean batch,
      Executor blocking,
      long pingNanos,
      long firstPing,
      LongConsumer onUpdateSent) {
    this.session = session;
    this.batch = batch;
    this.onUpdateSent = onUpdateSent;
    this.blocking = blocking;
    this.pingNanos = pingNanos;
    this.lastPing = firstPing - pingNanos;
    this.lastPong = lastPing;
  }

  @Override
  public int maxBatch() {
    return batch ? MAX_BATCH : 1;
  }

  /** One text frame: the message itself, or a JSON array of messages when batching. */
  @Override
  public void send(List<String> messages, Consumer<Throwable> done) {
    String frame = messages.size() == 1 ? messages.get(0) : "[" + String.join(",", messages) + "]";
    Thread thread = Thread.currentThread();
    ClassLoader loader = thread.getContextClassLoader();
    thread.setContextClassLoader(QUICK_LOOKUPS);
    try {
      session.getAsyncRemote().sendText(frame, result -> done.accept(result.getException()));
    } catch (RuntimeException e) {
      done.accept(e);
    } finally {
      thread.setContextClassLoader(loader);
    }
  }

  @Override
  public void updateSent(long writtenAtMillis) {
    onUpdateSent.accept(writtenAtMillis);
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
          Thread thread = Thread.currentThread();
          ClassLoader loader = thread.getContextClassLoader();
          thread.setContextClassLoader(QUICK_LOOKUPS);
          try {
            if (session.isOpen()) {
              session.getAsyncRemote().sendPing(PING.duplicate());
            }
          } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ping failed", e);
          } finally {
            thread.setContextClassLoader(loader);
          }
        });
  }
}
