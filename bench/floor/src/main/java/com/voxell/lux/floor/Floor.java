package com.voxell.lux.floor;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor under Lux's stream benchmarks: the least an application on the same stack (Payara
 * Micro, a JAX-RS resource for writes, jakarta.websocket for sockets) can do to pass a write on,
 * speaking just enough of Lux's wire for the same benchmark code. A socket on {@code /stream/{id}}
 * is greeted with {@code {"type":"snapshot"}}; a PUT on {@code /{id}} sends {@code
 * {"type":"update","id":…, <the body's fields>}} to every socket of that id with the asynchronous
 * send API. No keys, store, JSON parsing, versions, outboxes or pings. Many sockets are sent to
 * from two threads (Lux's senders on two cores), each with the platform class loader as its
 * context loader while it sends, as Lux's senders do: Tyrus schedules a task per send whose
 * context capture otherwise scans the application's class path.
 */
@ServerEndpoint("/stream/{id}")
public class Floor {

  static final Map<String, Set<Session>> SOCKETS = new ConcurrentHashMap<>();

  @OnOpen
  public void open(Session session, @jakarta.websocket.server.PathParam("id") String id) {
    SOCKETS.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(session);
    session.getAsyncRemote().sendText("{\"type\":\"snapshot\",\"id\":\"" + id + "\"}");
  }

  @OnClose
  public void close(Session session, @jakarta.websocket.server.PathParam("id") String id) {
    SOCKETS.getOrDefault(id, Set.of()).remove(session);
  }

  /** JAX-RS at the root, as Lux's API. */
  @ApplicationPath("")
  public static class Api extends Application {}

  /** Passes a written body on to the document's sockets; a GET answers how many it has. */
  @Path("{id}")
  public static class Documents {
    // Two senders, as Lux has on two cores: the request's thread and this fixed one (no thread is
    // started per write).
    private static final ExecutorService HELPER = Executors.newSingleThreadExecutor();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String sockets(@PathParam("id") String id) {
      return "{\"sockets\":" + SOCKETS.getOrDefault(id, Set.of()).size() + "}";
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String put(@PathParam("id") String id, String body) {
      String text = "{\"type\":\"update\",\"id\":\"" + id + "\"," + body.substring(1);
      List<Session> all = new ArrayList<>(SOCKETS.getOrDefault(id, Set.of()));
      int mine = all.size() < 100 ? all.size() : all.size() / 2;
      if (mine < all.size()) {
        List<Session> rest = all.subList(mine, all.size());
        HELPER.execute(() -> send(rest, text));
      }
      send(all.subList(0, mine), text);
      return "{\"id\":\"" + id + "\"}";
    }

    private static void send(List<Session> sessions, String text) {
      Thread thread = Thread.currentThread();
      ClassLoader loader = thread.getContextClassLoader();
      thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
      try {
        for (Session session : sessions) {
          session.getAsyncRemote().sendText(text, result -> {});
        }
      } finally {
        thread.setContextClassLoader(loader);
      }
    }
  }
}
