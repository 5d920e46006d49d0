package com.voxell.lux.client;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs listeners on one thread of their own, never the socket's, in the order their events came. An
 * event offered under a key whose earlier event has not run yet replaces it in its place (latest
 * state wins, as on the server): a slow listener gets fewer, newer states and never holds up the
 * socket, which only ever appends here.
 */
final class Dispatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final LinkedHashMap<Object, Runnable> pending = new LinkedHashMap<>();
  private final Thread thread;
  private boolean closed;

  Dispatcher(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code task}, replacing the unrun task of the same key (keeping that one's place). */
  synchronized void offer(Object key, Runnable task) {
    if (!closed) {
      pending.put(key, task);
      notifyAll();
    }
  }

  /** Queues a task that nothing replaces (a status change). */
  void offer(Runnable task) {
    offer(new Object(), task);
  }

  private void run() {
    while (true) {
      Runnable task;
      synchronized (this) {
        while (pending.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (pending.isEmpty()) {
          return;
        }
        Iterator<Map.Entry<Object, Runnable>> oldest = pending.entrySet().iterator();
        task = oldest.next().getValue();
        oldest.remove();
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        // a listener's bug must not stop the others' events
        LOG.log(System.Logger.Level.WARNING, "a Lux listener failed", e);
      }
    }
  }

  /** Runs what is queued, then stops. */
  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }
}
