package com.voxell.lux.stream.boundary;

import com.voxell.lux.stream.control.Subscriber;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A Server-Sent Events stream as a {@link Subscriber}: each message is one event whose data is the
 * same JSON text a socket gets. The JAX-RS sink writes to the response stream and may wait on the
 * network, so every write runs on {@code writer}, never on a lane; the registry keeps one send in
 * flight, so a stalled client ties up at most one writer thread. A comment line every interval
 * keeps proxies from timing the stream out and finds clients that left.
 */
final class EventSubscriber implements Subscriber {

  private final SseEventSink sink;
  private final Sse sse;
  private final Executor writer;
  private final long commentNanos;
  private final Runnable onClose;
  private volatile long lastComment;

  EventSubscriber(
      SseEventSink sink, Sse sse, Executor writer, long commentNanos, long now, Runnable onClose) {
    this.sink = sink;
    this.sse = sse;
    this.writer = writer;
    this.commentNanos = commentNanos;
    this.lastComment = now;
    this.onClose = onClose;
  }

  @Override
  public void send(List<String> messages, Consumer<Throwable> done) {
    String text = messages.get(0); // one at a time: maxBatch() is 1
    writer.execute(
        () -> {
          try {
            synchronized (sink) {
              sink.send(sse.newEvent(text))
                  .whenComplete((ignored, failure) -> done.accept(failure));
            }
          } catch (RuntimeException e) {
            done.accept(e);
          }
        });
  }

  /** SSE has no close codes: the stream simply ends (after an {@code error} when refused). */
  @Override
  public void close(int code, String reason) {
    writer.execute(
        () -> {
          synchronized (sink) {
            sink.close();
          }
          onClose.run();
        });
  }

  @Override
  public void tick(long now) {
    if (now - lastComment < commentNanos) {
      return;
    }
    lastComment = now;
    writer.execute(
        () -> {
          try {
            synchronized (sink) {
              if (sink.isClosed()) {
                onClose.run();
                return;
              }
              sink.send(sse.newEventBuilder().comment("keep-alive").build())
                  .whenComplete(
                      (ignored, failure) -> {
                        if (failure != null) {
                          onClose.run();
                        }
                      });
            }
          } catch (RuntimeException e) {
            onClose.run();
          }
        });
  }
}
