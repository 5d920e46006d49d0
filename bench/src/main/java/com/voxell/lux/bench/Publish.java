package com.voxell.lux.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Publishing load (issue 9): state updates per second and delivery latency to one prefix
 * subscriber, through single PUTs, batches, or writes over the multiplexed socket. One JVM writes
 * and subscribes, so an update's latency is the subscriber's {@code System.nanoTime()} minus the
 * time the writer put into the update's data.
 *
 * <p>With {@code rate} 0 every writer goes as fast as the server answers. With a rate, the writers
 * together offer it on a fixed schedule and an update carries the time the schedule gave it, so a
 * server that falls behind shows as latency rather than as writes never sent. The schedule
 * restarts when measuring starts (a cold server's backlog from the warm-up is not counted), and
 * latency covers exactly the writes made in the measured window, however late they arrive.
 *
 * <p>HTTP writes use Apache HttpClient's classic (blocking) client, one kept-alive connection per
 * writer: at 50,000 batched updates/s it takes 0.28 of a core, the JDK client ~0.41.
 */
final class Publish {

  /** The run's settings, from system properties (see bench/pom.xml). */
  record Options(
      String mode,
      int seconds,
      int warmup,
      int docs,
      int writers,
      int batch,
      int window,
      int rate) {

    static List<Options> fromSystemProperties() {
      List<Options> runs = new ArrayList<>();
      for (String mode : System.getProperty("publish.modes", "put,batch,socket").split(",")) {
        runs.add(
            new Options(
                mode.strip(),
                Integer.getInteger("publish.seconds", 30),
                Integer.getInteger("publish.warmup", 60),
                Integer.getInteger("publish.docs", 1000),
                Integer.getInteger("publish.writers", 8),
                Integer.getInteger("publish.batch", 100),
                Integer.getInteger("publish.window", 2000),
                Integer.getInteger("publish.rate", 0)));
      }
      return runs;
    }
  }

  private static final String UPDATE = "\"type\":\"update\"";

  private final LuxServer server;
  private final Options options;
  private final String prefix = "bench-" + Long.toString(System.nanoTime(), 36) + "-";
  private final CloseableHttpClient http;
  private final Sockets sockets;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final Histogram latencies = new ConcurrentHistogram(3);
  // latency counts the writes made in the measured window [from, to)
  private volatile long windowFrom = Long.MAX_VALUE;
  private volatile long windowTo = Long.MAX_VALUE;
  // the schedule's zero: set when the writers start, and again when measuring starts
  private volatile long start;

  private Publish(LuxServer server, Options options) {
    this.server = server;
    this.options = options;
    this.sockets = new Sockets(server);
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(options.writers())
                    .setMaxConnPerRoute(options.writers())
                    .build())
            .disableAutomaticRetries()
            .build();
  }

  /** Runs each mode the options name against {@code server}, one after the other. */
  static void runAll(LuxServer server) throws Exception {
    for (Options options : Options.fromSystemProperties()) {
      new Publish(server, options).run();
    }
  }

  private void run() throws Exception {
    Subscriber subscriber = new Subscriber();
    subscriber.open();
    List<Thread> threads = new ArrayList<>();
    start = System.nanoTime();
    for (int w = 0; w < options.writers(); w++) {
      int writer = w;
      Runnable load =
          switch (options.mode()) {
            case "put" -> () -> putLoop(writer);
            case "batch" -> () -> batchLoop(writer);
            case "socket" -> () -> socketLoop(writer);
            default -> throw new IllegalArgumentException("publish.modes: put, batch, socket");
          };
      Thread thread = new Thread(load, "writer-" + w);
      thread.start();
      threads.add(thread);
    }
    String warmup =
        Warmup.run(
            server, options.warmup(), Bench.WARMUP_MAX_SECONDS, span -> Thread.sleep(span * 1000L));
    long acceptedBefore = accepted.get();
    long deliveredBefore = delivered.get();
    CpuUse cpu = CpuUse.since(server);
    long measuredFrom = System.nanoTime();
    start = measuredFrom;
    windowFrom = measuredFrom;
    Thread.sleep(options.seconds() * 1000L);
    long measuredTo = System.nanoTime();
    windowTo = measuredTo;
    double elapsed = (measuredTo - measuredFrom) / 1e9;
    long writes = accepted.get() - acceptedBefore;
    long deliveries = delivered.get() - deliveredBefore;
    double serverCores = cpu.serverNanos() / 1e9 / elapsed;
    double clientCores = cpu.clientNanos() / 1e9 / elapsed;
    String loadAfter = Bench.load();
    running.set(false);
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    Thread.sleep(2000); // the window's last writes still on their way
    subscriber.close();
    http.close();
    sockets.close();
    Trace.write();
    Bench.report(
        String.format(
            "publish mode=%s writers=%d docs=%d batch=%d rate=%s, %s, measured %.1f s:"
                + " accepted %.0f updates/s (refused in total: %d), delivered to one prefix"
                + " subscriber %.0f/s, latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f (%d"
                + " samples); CPU while measured: server %.2f cores, load generator %.2f; load %s",
            options.mode(),
            options.writers(),
            options.docs(),
            options.batch(),
            options.rate() == 0 ? "as fast as answered" : options.rate() + "/s offered",
            warmup,
            elapsed,
            writes / elapsed,
            refused.get(),
            deliveries / elapsed,
            Bench.ms(latencies.getValueAtPercentile(50)),
            Bench.ms(latencies.getValueAtPercentile(90)),
            Bench.ms(latencies.getValueAtPercentile(99)),
            Bench.ms(latencies.getMaxValue()),
            latencies.getTotalCount(),
            serverCores,
            clientCores,
            loadAfter));
  }

  private String id(int n) {
    return prefix + n;
  }

  /** Writer {@code w} owns documents w, w+writers, w+2*writers … so no two writers race. */
  private int nextDoc(int writer, long seq) {
    int writers = options.writers();
    int owned = Math.max(1, (options.docs() - writer + writers - 1) / writers);
    return writer + (int) (seq % owned) * writers;
  }

  private static String data(long seq, long time) {
    return "{\"step\":\"bench\",\"progress\":" + (seq % 100) + ",\"t\":" + time + "}";
  }

  /**
   * The time of a writer's next send of {@code size} updates: now when unpaced; with a rate, its
   * slot on the schedule, waited for if it is still ahead.
   */
  private final class Schedule {
    private final int writer;
    private final int size;
    private long anchor;
    private long unit;

    Schedule(int writer, int size) {
      this.writer = writer;
      this.size = size;
    }

    long next() {
      if (options.rate() == 0) {
        return System.nanoTime();
      }
      if (anchor != start) { // (re)started: count from the new zero
        anchor = start;
        unit = 0;
      }
      double interval = 1e9 * size * options.writers() / options.rate();
      long due =
          anchor + (long) ((unit++ + (double) writer / options.writers()) * interval);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      return due;
    }
  }

  private void putLoop(int writer) {
    Schedule schedule = new Schedule(writer, 1);
    for (long seq = 0; running.get(); seq++) {
      HttpPut put =
          new HttpPut(
              "http://127.0.0.1:" + server.port + "/api/lux/" + id(nextDoc(writer, seq)));
      String answer = send(put, "{\"data\":" + data(seq, schedule.next()) + "}");
      (answer != null ? accepted : refused).incrementAndGet();
    }
  }

  private void batchLoop(int writer) {
    Schedule schedule = new Schedule(writer, options.batch());
    for (long seq = 0; running.get(); ) {
      long time = schedule.next();
      StringBuilder body = new StringBuilder(options.batch() * 120).append("{\"writes\":[");
      for (int i = 0; i < options.batch(); i++, seq++) {
        if (i > 0) {
          body.append(',');
        }
        body.append("{\"id\":\"")
            .append(id(nextDoc(writer, seq)))
            .append("\",\"op\":\"put\",\"data\":")
            .append(data(seq, time))
            .append('}');
      }
      body.append("]}");
      String answer =
          send(new HttpPost("http://127.0.0.1:" + server.port + "/api/lux/batch"), body.toString());
      int ok = answer == null ? 0 : occurrences(answer, "\"status\":20");
      accepted.addAndGet(ok);
      refused.addAndGet(options.batch() - ok);
    }
  }

  /** The body of a 2xx answer; {@code null} for any other answer or a failure. */
  private String send(HttpUriRequestBase request, String body) {
    request.setHeader("Authorization", "Bearer " + server.key);
    request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    try {
      return http.execute(
          request,
          response -> {
            String text = EntityUtils.toString(response.getEntity());
            return response.getCode() / 100 == 2 ? text : null;
          });
    } catch (IOException e) {
      return null;
    }
  }

  private void socketLoop(int writer) {
    SocketWriter socket = new SocketWriter();
    socket.open();
    Schedule schedule = new Schedule(writer, 1);
    try {
      for (long seq = 0; running.get(); seq++) {
        socket.write(
            "{\"op\":\"put\",\"id\":\""
                + id(nextDoc(writer, seq))
                + "\",\"data\":"
                + data(seq, schedule.next())
                + ",\"ref\":"
                + seq
                + "}");
      }
    } finally {
      socket.close();
    }
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }

  private Sockets.Connection connect(Consumer<String> onText) {
    return sockets.open("/stream?batch=1", onText).join();
  }

  /** One socket subscribed to the run's prefix, timing every update it receives. */
  private final class Subscriber {
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private Sockets.Connection socket;

    void open() throws Exception {
      socket = connect(this::frame);
      socket.send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\"}");
      if (!subscribed.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no 'subscribed' answer on the stream");
      }
    }

    void frame(String text) {
      long now = System.nanoTime();
      if (text.contains("\"type\":\"subscribed\"")) {
        subscribed.countDown();
        return;
      }
      // with ?batch=1 a frame is one message or an array of them
      for (int update = text.indexOf(UPDATE);
          update >= 0;
          update = text.indexOf(UPDATE, update + 1)) {
        delivered.incrementAndGet();
        long written = Bench.number(text, "t", update);
        if (written >= windowFrom && written < windowTo) {
          latencies.recordValue(now - written);
          Trace.delivered(now - written);
        }
      }
    }

    void close() {
      socket.close();
    }
  }

  /** One writer's socket: pipelines writes, at most {@code window} without an ack. */
  private final class SocketWriter {
    private final Semaphore window = new Semaphore(options.window());
    private Sockets.Connection socket;

    void open() {
      socket = connect(this::frame);
    }

    void write(String message) {
      try {
        while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          if (!running.get()) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      socket
          .send(message)
          .addListener(
              sent -> {
                if (!sent.isSuccess()) {
                  running.set(false);
                }
              });
    }

    void frame(String text) {
      int acks = occurrences(text, "\"type\":\"ack\"");
      int errors = occurrences(text, "\"type\":\"error\"");
      accepted.addAndGet(acks);
      refused.addAndGet(errors);
      window.release(acks + errors);
    }

    void close() {
      socket.close();
    }
  }
}
