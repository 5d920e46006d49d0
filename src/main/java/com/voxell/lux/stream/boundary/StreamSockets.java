package com.voxell.lux.stream.boundary;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.control.Outbox;
import com.voxell.lux.stream.control.StreamMessages;
import com.voxell.lux.stream.control.StreamMetrics;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import com.voxell.lux.stream.entity.StreamLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * What both stream endpoints do with a socket: take the handshake's grant, refuse with an {@code
 * error} and 1008 (1013 when the key holds too many connections), register the socket and forget it
 * when it closes or fails.
 */
@ApplicationScoped
public class StreamSockets {

  private static final String OUTBOX = "lux.outbox";
  private static final String SUBSCRIBER = "lux.subscriber";
  private static final String ENDPOINT = "lux.endpoint";

  @Inject SubscriptionRegistry registry;
  @Inject StreamLimits limits;
  @Inject StreamSetup setup;
  @Inject StreamMetrics metrics;

  /**
   * Opens a registered socket, or refuses it and returns {@code null}. {@code authorize} checks
   * what the grant may follow and throws a {@link Problem} when it may not.
   */
  Outbox open(Session session, Consumer<Grant> authorize) {
    session.setMaxTextMessageBufferSize(limits.maxClientMessageBytes());
    Object refusal = session.getUserProperties().get(StreamHandshake.REFUSAL);
    if (refusal instanceof Problem problem) {
      refuse(session, problem, 1008);
      return null;
    }
    Grant grant = (Grant) session.getUserProperties().get(StreamHandshake.GRANT);
    if (grant == null) {
      refuse(session, new Problem(Problem.Kind.UNAUTHORIZED, "No credential."), 1008);
      return null;
    }
    try {
      authorize.accept(grant);
    } catch (Problem problem) {
      refuse(session, problem, 1008);
      return null;
    }
    long pingNanos = setup.pingInterval().toNanos();
    // The first ping at a random point of the first interval: sockets that connected together
    // (every client after a restart) would otherwise be pinged, and answer, in the same second
    // for as long as they live. Each pong costs Payara a class-path scan; spread, they cost a
    // little every second instead of a stall every interval.
    long firstPing = System.nanoTime() + ThreadLocalRandom.current().nextLong(1, pingNanos + 1);
    SocketSubscriber subscriber =
        new SocketSubscriber(
            session,
            asksForBatches(session),
            setup.executor(),
            pingNanos,
            firstPing,
            metrics::updateSent);
    Outbox outbox;
    try {
      outbox = registry.open(subscriber, grant.subject(), grant.expiresAt());
    } catch (Problem problem) {
      refuse(session, problem, 1013);
      return null;
    }
    session.getUserProperties().put(OUTBOX, outbox);
    session.getUserProperties().put(SUBSCRIBER, subscriber);
    String endpoint =
        session.getRequestURI().getPath().endsWith("/stream") ? "multiplexed" : "document";
    session.getUserProperties().put(ENDPOINT, endpoint);
    metrics.socketOpened(endpoint);
    return outbox;
  }

  /**
   * Whether the client's message is over {@code lux.stream.max-message-bytes}; if so it was
   * answered with an {@code error} and close 1009. (Tyrus does not apply a buffer size set on an
   * open session, and the annotation's limit cannot come from configuration, so it is checked
   * here.)
   */
  boolean tooLarge(Session session, String text) {
    int limit = limits.maxClientMessageBytes();
    if (text.length() <= limit / 3
        || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= limit) {
      return false;
    }
    Outbox outbox = outbox(session);
    Problem problem = Problem.tooLarge("A client message may hold at most " + limit + " bytes.");
    if (outbox != null) {
      outbox.closeAfter(StreamMessages.error(problem, null), 1009, "message too big");
    } else {
      refuse(session, problem, 1009);
    }
    return true;
  }

  /** {@code ?batch=1} (or true): the client reads frames that hold a JSON array of messages. */
  private static boolean asksForBatches(Session session) {
    List<String> batch = session.getRequestParameterMap().get("batch");
    return batch != null && (batch.contains("1") || batch.contains("true"));
  }

  static Outbox outbox(Session session) {
    return (Outbox) session.getUserProperties().get(OUTBOX);
  }

  static Grant grant(Session session) {
    return (Grant) session.getUserProperties().get(StreamHandshake.GRANT);
  }

  void ponged(Session session) {
    if (session.getUserProperties().get(SUBSCRIBER) instanceof SocketSubscriber subscriber) {
      subscriber.ponged(System.nanoTime());
    }
  }

  /** Tells the client why in an {@code error}, then closes (never a blocking send). */
  static void refuse(Session session, Problem problem, int code) {
    String text = StreamMessages.error(problem, null);
    try {
      session
          .getAsyncRemote()
          .sendText(text, result -> SocketSubscriber.close(session, code, problem.kind().title));
    } catch (RuntimeException e) {
      SocketSubscriber.close(session, code, problem.kind().title);
    }
  }

  void closed(Session session) {
    // onError and onClose may both arrive: the endpoint's count drops once
    if (session.getUserProperties().remove(ENDPOINT) instanceof String endpoint) {
      metrics.socketClosed(endpoint);
    }
    Outbox outbox = outbox(session);
    if (outbox != null) {
      registry.close(outbox);
    }
  }

  SubscriptionRegistry registry() {
    return registry;
  }
}
