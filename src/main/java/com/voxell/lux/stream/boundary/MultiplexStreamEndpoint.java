package com.voxell.lux.stream.boundary;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.DocumentPrefix;
import com.voxell.lux.insight.control.RollupFeed;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.control.Outbox;
import com.voxell.lux.stream.control.SocketWrites;
import com.voxell.lux.stream.control.StreamMessages;
import com.voxell.lux.stream.control.StreamRequestReader;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import com.voxell.lux.stream.entity.StreamRequest;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /api/lux/stream}: many documents on one socket, by ids or by prefix, fleet roll-ups by
 * prefix, and writes (with the write scope) answered by an {@code ack} or {@code error} carrying
 * the client's {@code ref}. A bad message gets an {@code error} and the socket stays open. The
 * container delivers one socket's messages one at a time, so its writes apply, and its answers
 * queue, in the order they were sent.
 */
@ServerEndpoint(value = "/api/lux/stream", configurator = StreamHandshake.class)
public class MultiplexStreamEndpoint {

  /** Roll-ups one connection may follow at once. */
  static final int MAX_ROLLUPS = 16;

  @Inject StreamSockets sockets;
  @Inject SocketWrites writes;
  @Inject WriteRequestReader reader;
  @Inject RollupFeed rollups;

  @OnOpen
  public void open(Session session) {
    sockets.open(session, MultiplexStreamEndpoint::readsOrWrites);
  }

  /** A key that may only write can still open the socket to write over it. */
  private static void readsOrWrites(Grant grant) {
    if (!grant.has(Scope.WRITE)) {
      grant.requireScope(Scope.READ);
    }
  }

  @OnMessage
  public void message(Session session, String text) {
    Outbox outbox = StreamSockets.outbox(session);
    if (outbox == null || sockets.tooLarge(session, text)) {
      return;
    }
    // A message proves the client alive as a pong does: a writer pipelining thousands of writes has
    // its pong queued behind them, and must not be taken for dead meanwhile.
    sockets.ponged(session);
    try {
      // Parsed once, nesting counted as it is read: a write's data sits one level inside the
      // message.
      JsonObject message = reader.parse(text, 1);
      Grant grant = StreamSockets.grant(session);
      if (SocketWrites.isWrite(message)) {
        outbox.offerControl(writes.write(message, grant));
      } else {
        handle(outbox, grant, StreamRequestReader.read(message));
      }
    } catch (Problem problem) {
      outbox.offerControl(StreamMessages.error(problem, null));
    }
  }

  private void handle(Outbox outbox, Grant grant, StreamRequest request) {
    SubscriptionRegistry registry = sockets.registry();
    if (request.forRollup()) {
      rollup(outbox, grant, request);
    } else if (request.op() == StreamRequest.Op.UNSUBSCRIBE) {
      registry.unsubscribe(outbox, request.ids(), request.prefix());
    } else if (request.byPrefix()) {
      grant.requirePrefix(Scope.READ, request.prefix());
      registry.subscribePrefix(outbox, request.prefix(), request.timeline());
    } else {
      request.ids().forEach(DocumentId::of);
      request.ids().forEach(id -> grant.require(Scope.READ, id));
      registry.subscribe(outbox, request.ids(), true, request.timeline());
    }
  }

  /** Follows (or stops following) the roll-up of a prefix the grant reaches entirely. */
  private void rollup(Outbox outbox, Grant grant, StreamRequest request) {
    try {
      followRollup(outbox, grant, request);
    } catch (Problem problem) {
      // The error names the roll-up, so a client routes it to that roll-up's listeners only.
      outbox.offerControl(StreamMessages.rollupError(problem, request.rollup()));
    }
  }

  private void followRollup(Outbox outbox, Grant grant, StreamRequest request) {
    String prefix = DocumentPrefix.orAll(request.rollup()).value();
    if (request.op() == StreamRequest.Op.UNSUBSCRIBE) {
      outbox.unfollowRollup(prefix);
      outbox.offerControl(StreamMessages.unsubscribedFromRollup(prefix));
      return;
    }
    grant.requirePrefix(Scope.READ, prefix);
    boolean followed =
        outbox.followRollup(
            prefix,
            MAX_ROLLUPS,
            () -> rollups.subscribe(prefix, text -> outbox.offerRollup(prefix, text)));
    if (!followed) {
      throw Problem.invalid(
          "A connection may follow at most " + MAX_ROLLUPS + " roll-ups; unsubscribe first.");
    }
    outbox.offerControl(StreamMessages.subscribedToRollup(prefix));
  }

  @OnMessage
  public void pong(Session session, PongMessage pong) {
    sockets.ponged(session);
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    sockets.closed(session);
  }

  @OnError
  public void error(Session session, Throwable failure) {
    sockets.closed(session);
  }
}
