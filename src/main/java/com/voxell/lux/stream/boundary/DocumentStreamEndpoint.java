package com.voxell.lux.stream.boundary;

import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.control.Outbox;
import com.voxell.lux.stream.control.StreamMessages;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;

/** {@code /api/lux/stream/{id}}: one document's snapshot (or {@code missing}), then its changes. */
@ServerEndpoint(value = "/api/lux/stream/{id}", configurator = StreamHandshake.class)
public class DocumentStreamEndpoint {

  @Inject StreamSockets sockets;

  @OnOpen
  public void open(Session session, @PathParam("id") String id) {
    Outbox outbox =
        sockets.open(
            session,
            grant -> {
              DocumentId.of(id);
              grant.require(Scope.READ, id);
            });
    if (outbox != null) {
      sockets.registry().subscribe(outbox, List.of(id), false);
    }
  }

  @OnMessage
  public void message(Session session, String text, @PathParam("id") String id) {
    Outbox outbox = StreamSockets.outbox(session);
    if (outbox != null && !sockets.tooLarge(session, text)) {
      outbox.offerControl(
          StreamMessages.error(
              Problem.invalid(
                  "This socket follows one document and takes no messages; use /api/lux/stream"
                      + " to subscribe."),
              id));
    }
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
