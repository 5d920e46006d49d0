package com.voxell.lux.floor;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor under Lux's stream benchmarks: the least an application on the same Payara Micro can
 * do to pass a write on to sockets, speaking just enough of Lux's wire for the same benchmark code.
 * A socket on {@code /stream/{id}} is greeted with {@code {"type":"snapshot"}}; a PUT on {@code
 * /{id}} (Lux's write) sends {@code {"type":"update","id":…, <the body's fields>}} to every socket of
 * that id with the asynchronous send API. No keys, store, JSON parsing, versions, outboxes or
 * pings. Many sockets are sent to from two threads (Lux's senders on two cores), each with the
 * platform class loader as its context loader while it sends, as Lux's senders do: Tyrus schedules
 * a task per send whose context capture otherwise scans the application's class path.
 */
@ServerEndpoint("/stream/{id}")
public class Floor {

  static final Map<String, Set<Session>> SOCKETS = new ConcurrentHashMap<>();

  @OnOpen
  public void open(Session session, @PathParam("id") String id) throws IOException {
    SOCKETS.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(session);
    session.getAsyncRemote().sendText("{\"type\":\"snapshot\",\"id\":\"" + id + "\"}");
  }

  @OnClose
  public void close(Session session, @PathParam("id") String id) {
    SOCKETS.getOrDefault(id, Set.of()).remove(session);
  }

  /** Passes the body on to the document's sockets; a GET answers how many it has. */
  @WebServlet("/*")
  public static class Documents extends HttpServlet {
    private static final int SENDERS = 2;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String id = request.getPathInfo().substring(1);
      response.setContentType("application/json");
      response.getWriter().print("{\"sockets\":" + SOCKETS.getOrDefault(id, Set.of()).size() + "}");
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String id = request.getPathInfo().substring(1);
      String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String text = "{\"type\":\"update\",\"id\":\"" + id + "\"," + body.substring(1);
      List<Session> all = new ArrayList<>(SOCKETS.getOrDefault(id, Set.of()));
      int threads = all.size() < 100 ? 1 : SENDERS;
      for (int t = 1; t < threads; t++) {
        List<Session> part = all.subList(all.size() * t / threads, all.size() * (t + 1) / threads);
        new Thread(() -> send(part, text)).start();
      }
      send(all.subList(0, all.size() / threads), text);
      response.setContentType("application/json");
      response.getWriter().print("{\"id\":\"" + id + "\"}");
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
