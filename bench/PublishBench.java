import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishing load for Lux: state updates per second and delivery latency to a subscriber, through
 * single PUTs, batches, or writes over the multiplexed socket. One JVM writes and subscribes, so
 * the latency of an update is the subscriber's {@code System.nanoTime()} minus the one the writer
 * put into the update's data when it sent it.
 *
 * <pre>
 * java bench/PublishBench.java --base http://127.0.0.1:PORT --key KEY --mode put|batch|socket
 *      [--seconds 20] [--warmup 10] [--docs 1000] [--writers 4] [--batch 100] [--window 2000]
 *      [--rate 0]
 * </pre>
 *
 * With {@code --rate 0} (the default) every writer goes as fast as the server answers. With
 * {@code --rate N} the writers together offer N updates/s on a fixed schedule, and an update's
 * time is the one the schedule gave it, so a server that falls behind shows as latency rather than
 * as writes that were never sent (no coordinated omission).
 *
 * A single-file program (JDK only): {@code java bench/PublishBench.java …} runs it without a build.
 */
public class PublishBench {

  static String base = "http://127.0.0.1:8080";
  static String key = System.getenv("LUX_API_KEY");
  static String mode = "batch";
  static int seconds = 20;
  static int warmup = 10;
  static int docs = 1000;
  static int writers = 4;
  static int batch = 100;
  static int window = 2000; // socket writes in flight per writer, not yet acknowledged
  static int rate = 0; // updates/s offered by all writers together; 0 = as fast as answered
  // the schedule's zero: set when the writers start, and again when measuring starts, so a
  // backlog left by the warm-up (a cold server falls behind) is not counted as latency
  static volatile long start;

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  static final String PREFIX = "bench-" + RUN + "-";

  // latency counts the writes made in the measured window [from, to), however late they arrive
  static volatile long windowFrom = Long.MAX_VALUE;
  static volatile long windowTo = Long.MAX_VALUE;
  static final AtomicBoolean running = new AtomicBoolean(true);
  static final AtomicLong accepted = new AtomicLong();
  static final AtomicLong refused = new AtomicLong();
  static final AtomicLong delivered = new AtomicLong();
  static final Latencies latencies = new Latencies();

  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--base" -> base = value;
        case "--key" -> key = value;
        case "--mode" -> mode = value;
        case "--seconds" -> seconds = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--docs" -> docs = Integer.parseInt(value);
        case "--writers" -> writers = Integer.parseInt(value);
        case "--batch" -> batch = Integer.parseInt(value);
        case "--window" -> window = Integer.parseInt(value);
        case "--rate" -> rate = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (key == null) {
      throw new IllegalArgumentException("--key or LUX_API_KEY is required");
    }
    Subscriber subscriber = null;
    try {
      subscriber = Subscriber.open();
    } catch (Exception e) {
      System.out.println("no prefix subscription on " + streamUri() + " (" + e + "): no latency");
    }
    List<Thread> threads = new ArrayList<>();
    start = System.nanoTime();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Runnable load =
          switch (mode) {
            case "put" -> () -> putLoop(writer);
            case "batch" -> () -> batchLoop(writer);
            case "socket" -> () -> socketLoop(writer);
            default -> throw new IllegalArgumentException("--mode put|batch|socket");
          };
      Thread thread = new Thread(load, "writer-" + w);
      thread.start();
      threads.add(thread);
    }
    Thread.sleep(warmup * 1000L);
    long acceptedBefore = accepted.get();
    long deliveredBefore = delivered.get();
    long measuredFrom = System.nanoTime();
    start = measuredFrom;
    windowFrom = measuredFrom;
    Thread.sleep(seconds * 1000L);
    long measuredTo = System.nanoTime();
    windowTo = measuredTo;
    double elapsed = (measuredTo - measuredFrom) / 1e9;
    long writes = accepted.get() - acceptedBefore;
    long deliveries = delivered.get() - deliveredBefore;
    running.set(false);
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    Thread.sleep(2000); // the window's last writes still on their way
    if (subscriber != null) {
      subscriber.close();
    }
    System.out.printf(
        Locale.ROOT,
        "mode=%s writers=%d docs=%d batch=%d window=%d rate=%s warmup=%ds measured=%.1fs%n"
            + "  accepted updates/s: %.0f   (refused in total: %d)%n"
            + "  delivered updates/s to one prefix subscriber: %.0f%n"
            + "  delivery latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (%d samples)%n",
        mode,
        writers,
        docs,
        batch,
        window,
        rate == 0 ? "as fast as answered" : rate + "/s offered",
        warmup,
        elapsed,
        writes / elapsed,
        refused.get(),
        deliveries / elapsed,
        latencies.percentile(50),
        latencies.percentile(90),
        latencies.percentile(99),
        latencies.percentile(100),
        latencies.count());
    System.exit(0);
  }

  static String id(int n) {
    return PREFIX + n;
  }

  /** Writer {@code w} owns documents w, w+writers, w+2*writers … so no two writers race. */
  static int nextDoc(int writer, long seq) {
    int owned = Math.max(1, (docs - writer + writers - 1) / writers);
    return writer + (int) (seq % owned) * writers;
  }

  static String data(long seq, long time) {
    return "{\"step\":\"bench\",\"progress\":" + (seq % 100) + ",\"t\":" + time + "}";
  }

  /**
   * One writer's place on the schedule: the time of its next send of {@code size} updates is now
   * when unpaced; with {@code --rate}, its slot, waited for if it is still ahead.
   */
  static final class Schedule {
    private final int writer;
    private final int size;
    private long anchor;
    private long unit;

    Schedule(int writer, int size) {
      this.writer = writer;
      this.size = size;
    }

    long next() {
      if (rate == 0) {
        return System.nanoTime();
      }
      if (anchor != start) { // (re)started: count from the new zero
        anchor = start;
        unit = 0;
      }
      double interval = 1e9 * size * writers / rate;
      long due = anchor + (long) ((unit++ + (double) writer / writers) * interval);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      return due;
    }
  }

  static void putLoop(int writer) {
    Schedule schedule = new Schedule(writer, 1);
    for (long seq = 0; running.get(); seq++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + "/api/lux/" + id(nextDoc(writer, seq))))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .PUT(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"data\":" + data(seq, schedule.next()) + "}"))
              .build();
      count(send(request), 1);
    }
  }

  static void batchLoop(int writer) {
    Schedule schedule = new Schedule(writer, batch);
    for (long seq = 0; running.get(); ) {
      long time = schedule.next();
      StringBuilder body = new StringBuilder(batch * 120).append("{\"writes\":[");
      for (int i = 0; i < batch; i++, seq++) {
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
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + "/api/lux/batch"))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
              .build();
      HttpResponse<String> response = send(request);
      if (response == null || response.statusCode() != 200) {
        count(response, batch);
        continue;
      }
      int ok = occurrences(response.body(), "\"status\":20");
      accepted.addAndGet(ok);
      refused.addAndGet(batch - ok);
    }
  }

  static void socketLoop(int writer) {
    SocketWriter socket = SocketWriter.open(window);
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

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      return null;
    }
  }

  static void count(HttpResponse<String> response, int writes) {
    if (response != null && response.statusCode() / 100 == 2) {
      accepted.addAndGet(writes);
    } else {
      refused.addAndGet(writes);
    }
  }

  static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }

  static URI streamUri() {
    return URI.create(base.replaceFirst("^http", "ws") + "/api/lux/stream");
  }

  /** Text frames arrive in parts; this gathers them and hands over whole messages. */
  abstract static class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        message(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    abstract void message(String text);
  }

  /** One socket subscribed to the run's prefix, timing every update it receives. */
  static final class Subscriber extends Listener {
    final CountDownLatch subscribed = new CountDownLatch(1);
    WebSocket socket;

    static Subscriber open() throws Exception {
      Subscriber subscriber = new Subscriber();
      subscriber.socket =
          HTTP.newWebSocketBuilder()
              .header("Authorization", "Bearer " + key)
              .buildAsync(URI.create(streamUri() + "?batch=1"), subscriber)
              .get(10, TimeUnit.SECONDS);
      subscriber
          .socket
          .sendText("{\"op\":\"subscribe\",\"prefix\":\"" + PREFIX + "\"}", true)
          .get(10, TimeUnit.SECONDS);
      if (!subscriber.subscribed.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no 'subscribed' answer from " + streamUri());
      }
      return subscriber;
    }

    @Override
    void message(String text) {
      long now = System.nanoTime();
      if (text.startsWith("{\"type\":\"subscribed\"") || text.contains("\"type\":\"subscribed\"")) {
        subscribed.countDown();
        return;
      }
      // a frame is one message, or (asked for with ?batch=1) an array of them
      for (int update = text.indexOf(UPDATE); update >= 0; update = text.indexOf(UPDATE, update + 1)) {
        delivered.incrementAndGet();
        int at = text.indexOf("\"t\":", update);
        if (at >= 0) {
          int end = at + 4;
          while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
          }
          long written = Long.parseLong(text.substring(at + 4, end));
          if (written >= windowFrom && written < windowTo) {
            latencies.add(now - written);
          }
        }
      }
    }

    static final String UPDATE = "\"type\":\"update\"";

    void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** One writer's socket: pipelines writes, at most {@code window} without an ack. */
  static final class SocketWriter extends Listener {
    final java.util.concurrent.Semaphore window;
    WebSocket socket;
    CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    SocketWriter(int window) {
      this.window = new java.util.concurrent.Semaphore(window);
    }

    static SocketWriter open(int window) {
      SocketWriter writer = new SocketWriter(window);
      writer.socket =
          HTTP.newWebSocketBuilder()
              .header("Authorization", "Bearer " + key)
              .buildAsync(URI.create(streamUri() + "?batch=1"), writer)
              .join();
      return writer;
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
      // The JDK socket allows one outstanding send: chain each on the one before.
      lastSend = lastSend.thenCompose(ignored -> socket.sendText(message, true));
      if (lastSend.isCompletedExceptionally()) {
        running.set(false);
      }
    }

    @Override
    void message(String text) {
      // with ?batch=1 one frame may carry many answers
      int acks = count(text, "\"type\":\"ack\"");
      int errors = count(text, "\"type\":\"error\"");
      accepted.addAndGet(acks);
      refused.addAndGet(errors);
      window.release(acks + errors);
    }

    static int count(String text, String what) {
      int n = 0;
      for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
        n++;
      }
      return n;
    }

    void close() {
      lastSend.join();
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** Latency samples in microseconds, kept in a growable array; sorted once at the end. */
  static final class Latencies {
    private long[] micros = new long[1 << 16];
    private int count;

    synchronized void add(long nanos) {
      if (count == micros.length) {
        micros = Arrays.copyOf(micros, count * 2);
      }
      micros[count++] = nanos / 1000;
    }

    synchronized int count() {
      return count;
    }

    synchronized double percentile(double p) {
      if (count == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(micros, count);
      Arrays.sort(sorted);
      int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
      return sorted[index] / 1000.0;
    }
  }
}
