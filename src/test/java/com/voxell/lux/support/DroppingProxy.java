package com.voxell.lux.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the test server that can drop every open connection at once, as a load
 * balancer or reverse proxy does when it restarts or reloads: the server side of a client's socket
 * goes away and the client must reconnect. Listens on 127.0.0.1 and a free port. In front of
 * several servers it is a round-robin load balancer: each new connection goes to the next server
 * that accepts it, so a stopped node is skipped.
 */
public final class DroppingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final List<Integer> targets;
  private final AtomicInteger turn = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  public DroppingProxy(int targetPort) {
    this(List.of(targetPort));
  }

  /** Round robin over {@code targetPorts}, skipping a server that refuses the connection. */
  public DroppingProxy(List<Integer> targetPorts) {
    try {
      this.listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.targets = List.copyOf(targetPorts);
    daemon(this::accept);
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

  private void connect(Socket client) {
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
    quietly(client); // every server refused: the client sees its connection fail
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
