package com.voxell.lux.stream.boundary;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.DocumentPrefix;
import com.voxell.lux.stream.control.Outbox;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stream as Server-Sent Events, for networks whose proxies break WebSocket: {@code GET
 * /api/lux/events/{id}} and {@code GET /api/lux/events?prefix=P}, the same messages as the sockets.
 * Refusals are plain HTTP problems (401, 403, 400, 503) before the stream starts.
 */
@Path("lux/events")
@ApplicationScoped
public class EventsResource {

  @Inject SubscriptionRegistry registry;
  @Inject StreamSetup setup;

  private ExecutorService writers;

  @PostConstruct
  void start() {
    writers = Executors.newCachedThreadPool(setup.threads());
  }

  @PreDestroy
  void stop() {
    writers.shutdownNow();
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void document(
      @PathParam("id") String id,
      @Context SecurityContext security,
      @Context HttpServletResponse response,
      @Context SseEventSink sink,
      @Context Sse sse) {
    DocumentId.of(id);
    Grant grant = (Grant) security.getUserPrincipal();
    grant.require(Scope.READ, id);
    Outbox outbox = open(grant, response, sink, sse);
    registry.subscribe(outbox, List.of(id), false);
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void prefix(
      @QueryParam("prefix") String prefix,
      @Context SecurityContext security,
      @Context HttpServletResponse response,
      @Context SseEventSink sink,
      @Context Sse sse) {
    DocumentPrefix.of(prefix);
    Grant grant = (Grant) security.getUserPrincipal();
    grant.requirePrefix(Scope.READ, prefix);
    Outbox outbox = open(grant, response, sink, sse);
    registry.subscribePrefix(outbox, prefix);
  }

  private Outbox open(Grant grant, HttpServletResponse response, SseEventSink sink, Sse sse) {
    // nginx and similar proxies buffer responses unless told not to; events must flow at once.
    response.setHeader("X-Accel-Buffering", "no");
    response.setHeader("Cache-Control", "no-cache");
    AtomicReference<Outbox> self = new AtomicReference<>();
    EventSubscriber subscriber =
        new EventSubscriber(
            sink,
            sse,
            writers,
            setup.sseCommentInterval().toNanos(),
            System.nanoTime(),
            () -> {
              Outbox outbox = self.get();
              if (outbox != null) {
                registry.close(outbox);
              }
            });
    Outbox outbox = registry.open(subscriber, grant.subject(), grant.expiresAt());
    self.set(outbox);
    return outbox;
  }
}
