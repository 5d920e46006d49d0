package com.voxell.lux.bench;

import com.voxell.lux.client.LuxEvent;
import com.voxell.lux.client.Watch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code Bench java-client}: the delivery benchmark (1,000 updates/s over 1,000 documents) with
 * two subscribers in turn: the benchmark's own Netty sockets (one per document) and Lux's Java
 * client (clients/java: one shared socket, the 1,000 documents followed by one prefix). Besides the
 * latency it reports the subscriber's own CPU per delivered update: the CPU of the subscriber's
 * threads in this JVM, not of the paced writer beside them.
 */
final class ClientDelivery {

  private static final int DOCUMENTS = 1000;
  private static final int RATE = 1000;
  private static final int SECONDS = 30;

  private ClientDelivery() {}

  static void run(LuxServer server, LuxClient client) throws Exception {
    Bench.Delivery netty = new Bench.Delivery(server, client, DOCUMENTS);
    netty.open();
    Warmup.run(server, 60, Bench.WARMUP_MAX_SECONDS, span -> netty.run(RATE, span));
    measure("Netty sockets (1,000, one per document)", name -> name.contains("EventLoop"), () -> netty.run(RATE, SECONDS));
    netty.close();

    Recorder recorder = new Recorder(3);
    CountDownLatch snapshots = new CountDownLatch(DOCUMENTS);
    try (com.voxell.lux.client.LuxClient lux =
            com.voxell.lux.client.LuxClient.builder("http://127.0.0.1:" + server.port + "/api/lux")
                .apiKey(server.key)
                .build();
        Watch watch =
            lux.watchPrefix(
                "bench-doc-",
                event -> {
                  if (event.type() == LuxEvent.Type.SNAPSHOT) {
                    snapshots.countDown();
                  } else if (event.type() == LuxEvent.Type.UPDATE) {
                    long sent = event.state().data().getJsonNumber("t").longValue();
                    if (sent > 0) {
                      recorder.recordValue(Math.max(0, System.nanoTime() - sent));
                    }
                  }
                })) {
      if (!snapshots.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the Java client did not get the 1,000 snapshots");
      }
      PacedWriter writer = new PacedWriter(server);
      Warmup.run(server, 60, Bench.WARMUP_MAX_SECONDS, span -> paced(writer, recorder, span));
      measure(
          "Lux Java client (1 socket, watchPrefix)",
          name -> name.startsWith("HttpClient") || name.startsWith("lux-client"),
          () -> paced(writer, recorder, SECONDS));
      writer.close();
    }
  }

  private static Histogram paced(PacedWriter writer, Recorder recorder, int seconds)
      throws Exception {
    recorder.getIntervalHistogram(); // reset
    writer.run(
        RATE,
        seconds,
        n -> "bench-doc-" + (n % DOCUMENTS),
        (n, due) -> "{\"data\":{\"t\":" + due + ",\"n\":" + n + "}}");
    Thread.sleep(2000); // let the last deliveries land
    return recorder.getIntervalHistogram();
  }

  private interface Run {
    Histogram run() throws Exception;
  }

  private static void measure(String subscriber, Predicate<String> threads, Run run)
      throws Exception {
    Map<Long, Long> before = cpu(threads);
    Histogram delivered = run.run();
    Map<Long, Long> after = cpu(threads);
    long nanos = 0;
    for (Map.Entry<Long, Long> thread : after.entrySet()) {
      nanos += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
    }
    Bench.report(
        String.format(
            "delivery %d updates/s over %d docs, %d s, subscriber %s: p50 %.2f ms, p99 %.2f ms,"
                + " max %.2f ms (%d deliveries); subscriber CPU %.1f µs per delivered update"
                + " (%d threads); load %s",
            RATE,
            DOCUMENTS,
            SECONDS,
            subscriber,
            Bench.ms(delivered.getValueAtPercentile(50)),
            Bench.ms(delivered.getValueAtPercentile(99)),
            Bench.ms(delivered.getMaxValue()),
            delivered.getTotalCount(),
            nanos / 1e3 / Math.max(1, delivered.getTotalCount()),
            after.size(),
            Bench.load()));
  }

  /** CPU nanoseconds so far of each live thread whose name {@code threads} accepts, by id. */
  private static Map<Long, Long> cpu(Predicate<String> threads) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> used = new HashMap<>();
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && threads.test(info.getThreadName())) {
        long nanos = mx.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          used.put(info.getThreadId(), nanos);
        }
      }
    }
    return used;
  }

}
