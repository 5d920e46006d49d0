package com.voxell.lux.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Sends PUTs on a fixed schedule: the n-th write is due at {@code start + n / rate}. Blocking
 * HTTP/1.1 on a few kept-alive connections, one thread each. The body gets the write's due time
 * (not the time a thread got to it), so a server that falls behind shows as latency instead of as
 * writes that were never sent. How long each write took to be answered, from its due time, is
 * recorded too: what part of a delivery's latency the server spent before answering the PUT. Given
 * several servers (a cluster's nodes), write {@code n} goes to server {@code n % count}.
 */
final class PacedWriter implements AutoCloseable {

  private static final int CONNECTIONS = 8;

  private final List<LuxServer> servers;
  private final CloseableHttpClient http;
  private final ExecutorService senders;
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final Recorder answered = new Recorder(3);

  PacedWriter(LuxServer server) {
    this(List.of(server));
  }

  PacedWriter(List<LuxServer> servers) {
    this.servers = List.copyOf(servers);
    int connections = CONNECTIONS * servers.size();
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(connections)
                    .setMaxConnPerRoute(CONNECTIONS)
                    .build())
            .disableAutomaticRetries()
            .build();
    this.senders = Executors.newFixedThreadPool(connections);
  }

  /**
   * Writes {@code rate} per second for {@code seconds}; write {@code n} goes to document {@code
   * id(n)} with the body {@code body(due time in nanoTime)}.
   *
   * @return how many writes failed
   */
  long run(int rate, int seconds, LongFunction<String> id, DueBody body)
      throws InterruptedException {
    failed.set(0);
    answered.getIntervalHistogram(); // reset
    long start = System.nanoTime();
    long total = (long) rate * seconds;
    double interval = 1e9 / rate;
    for (long n = 0; n < total; n++) {
      long due = start + (long) (n * interval);
      for (long wait = due - System.nanoTime(); wait > 20_000; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long write = n;
      LuxServer server = servers.get((int) (n % servers.size()));
      unanswered.incrementAndGet();
      senders.execute(() -> put(server, id.apply(write), body.of(write, due), due));
    }
    return failed.get();
  }

  /**
   * Waits until every write sent so far was answered: {@link #run} returns when the last one is
   * due, and a server that fell behind still has a queue of them.
   */
  void awaitAnswered() throws InterruptedException {
    while (unanswered.get() > 0) {
      Thread.sleep(10);
    }
  }

  /** How long after its due time each write since the last {@link #run} was answered. */
  Histogram answered() {
    return answered.getIntervalHistogram();
  }

  String lastFailure() {
    return failure.get();
  }

  private void put(LuxServer server, String id, String body, long due) {
    HttpPut put = new HttpPut("http://127.0.0.1:" + server.port + "/api/lux/" + id);
    put.setHeader("Authorization", "Bearer " + server.key);
    put.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    try {
      int status =
          http.execute(
              put,
              response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
              });
      answered.recordValue(Math.max(0, System.nanoTime() - due));
      if (status >= 300) {
        failed.incrementAndGet();
        failure.set("status " + status);
      }
    } catch (IOException e) {
      failed.incrementAndGet();
      failure.set(e.toString());
    } finally {
      unanswered.decrementAndGet();
    }
  }

  @Override
  public void close() throws Exception {
    senders.shutdown();
    senders.awaitTermination(30, TimeUnit.SECONDS);
    http.close();
  }

  /** The body of write {@code n}, given its due time. */
  interface DueBody {
    String of(long n, long due);
  }
}
