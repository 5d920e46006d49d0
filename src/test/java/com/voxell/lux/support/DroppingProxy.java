package com.voxell.lux.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the test server that can drop every open connection at once, as a load
 * balancer or reverse proxy does when it restarts or reloads: the server side of a client's socket
 * goes away and the client must reconnect. Listens on 127.0.0.1 and a free port. In front of
 * several servers it is a round-robin load balancer as README ("Run clustered") asks for: it asks
 * each server's {@code /health/ready} every {@link #PROBE_INTERVAL} and sends each new connection
 * to the next server whose last answer was 200, skipping one that refuses the connection. A
 * connection it has passed on stays where it is until one side closes it, as with any TCP load
 * balancer: a node is drained by its own 503s with {@code Connection: close} and its 1001 closes.
 */
public final class DroppingProxy implements AutoCloseable {

  /** How often the proxy asks every server whether it is ready. */
  public static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

  /** A server behind the proxy: its port and its readiness URI (null: always in rotation). */
  public record Backend(int port, URI readiness) {}

  private final ServerSocket listener;
  private final List<Backend> backends;
  private final Set<Integer> ready = ConcurrentHashMap.newKeySet();
  private final AtomicInteger turn = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final HttpClient probes =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  public DroppingProxy(int targetPort) {
    this(List.of(new Backend(targetPort, null)));
  }

  /** Round robin over the {@code backends} that are ready. */
  public DroppingProxy(List<Backend> backends) {
    try {
      this.listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.backends = List.copyOf(backends);
    backends.stream().filter(b -> b.readiness() == null).forEach(b -> ready.add(b.port()));
    if (backends.stream().anyMatch(b -> b.readiness() != null)) {
      daemon(this::probe);
    }
    daemon(this::accept);
  }

  /** Whether new connections go to the server on {@code port}: its readiness answered 200. */
  public boolean routesTo(int port) {
    return ready.contains(port);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Closes every connection that is open now; new connections are accepted as before. */
  public void dropAll() {
    for (Socket socket : Set.copyOf(open)) {
      quietly(socket);
    }
  }

  @Override
  public void close() {
    quietly(listener);
    dropAll();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        daemon(() -> connect(client));
      } catch (IOException e) {
        // listener closed
      }
    }
  }

  private void probe() {
    while (!listener.isClosed()) {
      for (Backend backend : backends) {
        if (backend.readiness() != null) {
          if (answers200(backend.readiness())) {
            ready.add(backend.port());
          } else {
            ready.remove(backend.port());
          }
        }
      }
      try {
        TimeUnit.MILLISECONDS.sleep(PROBE_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean answers200(URI readiness) {
    try {
      HttpRequest probe = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build();
      return probes.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void connect(Socket client) {
    List<Integer> targets = List.copyOf(ready);
    for (int tried = 0; tried < targets.size(); tried++) {
      int target = targets.get(Math.floorMod(turn.getAndIncrement(), targets.size()));
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(server);
        pipe(client, server);
        pipe(server, client);
        return;
      } catch (IOException refused) {
        // that server is down: try the next
      }
    }
    quietly(client); // no server ready, or every one refused: the client's connection fails
  }

  private void pipe(Socket from, Socket to) {
    daemon(
        () -> {
          try (InputStream in = from.getInputStream();
              OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
          } catch (IOException e) {
            // one side went away
          } finally {
            quietly(from);
            quietly(to);
          }
        });
  }

  private static void daemon(Runnable work) {
    Thread thread = new Thread(work, "dropping-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  private void quietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
    if (closeable instanceof Socket socket) {
      open.remove(socket);
    }
  }
}
