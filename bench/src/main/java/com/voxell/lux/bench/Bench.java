package com.voxell.lux.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Lux's stream benchmarks. {@code Bench all} starts Lux with bin/run and runs, in order: delivery
 * latency at 1,000 updates/s over 1,000 documents with one subscriber each; the highest rate held
 * with p99 under 50 ms; fan-out of one document to 1,000 and 10,000 subscribers; idle heap per
 * connection. {@code Bench publish} runs the publishing paths instead ({@link Publish}); {@code
 * Bench cluster-delivery} measures delivery across a cluster's nodes ({@link ClusterDelivery});
 * {@code Bench floor} runs delivery and fan-out ({@code floor-delivery}: only delivery) against the
 * floor instead of Lux: a bare endpoint on the same Payara Micro (bench/floor), the least any
 * application there can do. {@code Bench java-client} runs delivery with Lux's Java client as
 * the subscriber beside the benchmark's own ({@link ClientDelivery}). {@code -Dlux.root} picks the
 * checkout whose server is started, to
 * compare two commits. Results go to stdout and bench/target/results.txt.
 */
public final class Bench {

  private static final Path RESULTS = Path.of("target", "results.txt");
  private static final int ROUNDS = Integer.getInteger("rounds", 10);
  static final int WARMUP_SECONDS = Integer.getInteger("warmup", 60);
  static final int WARMUP_MAX_SECONDS = Integer.getInteger("warmup.max", 600);

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    Map<String, String> settings =
        Map.of(
            "LUX_STREAM_MAX_CONNECTIONS_PER_KEY", "20000",
            "LUX_JAVA_OPTS", System.getProperty("lux.java.opts", "-Xmx2g"));
    report(
        "# " + java.time.Instant.now() + " bench " + what + ", load " + load() + ", "
            + HostSpeed.measure());
    if (what.equals("cluster-delivery")) {
      ClusterDelivery.run(settings);
      report("at the end, " + HostSpeed.measure());
      System.exit(0);
    }
    // "floor" runs delivery and fan-out against the floor; "floor-delivery" only delivery
    boolean floor = what.startsWith("floor");
    CompletableFuture<String> closeCode = new CompletableFuture<>();
    try (LuxServer server = floor ? LuxServer.floor(settings) : LuxServer.start(settings)) {
      report(
          "server on port "
              + server.port
              + (floor ? " (bench/floor/run" : " (bin/run")
              + ", LUX_JAVA_OPTS="
              + settings.get("LUX_JAVA_OPTS")
              + "), load "
              + load());
      LuxClient client = new LuxClient(server);
      if (what.equals("all") || what.equals("delivery") || floor) {
        deliveries(server, client);
      }
      if (what.equals("publish")) {
        Publish.runAll(server);
      }
      if (what.equals("java-client")) {
        ClientDelivery.run(server, client);
      }
      if (what.equals("all") || what.equals("fanout") || what.equals("floor")) {
        fanOuts(server, client, !floor);
      }
      if (!floor) {
        // the application stops: every socket must be told 1001 (going away)
        client
            .sockets(
                1,
                i -> "/stream/bench-stop",
                (i, text) -> {
                  if (text.startsWith("{\"type\":\"closed\"")) {
                    closeCode.complete(text);
                  }
                });
      }
    }
    if (!floor) {
      report("on stop, an open socket got: " + closeCode.get(60, TimeUnit.SECONDS));
    }
    report("at the end, " + HostSpeed.measure());
    System.exit(0); // the clients' executor threads would keep the JVM alive
  }

  /**
   * PUT-to-delivery latency at 1,000 updates/s over 1,000 documents with one subscriber each
   * (after a warm-up), then the highest rate held with p99 under 50 ms.
   */
  private static void deliveries(LuxServer server, LuxClient client) throws Exception {
    Delivery delivery = new Delivery(server, client, 1000);
    delivery.open();
    int rate = 1000;
    int seconds = 30;
    String warmup =
        Warmup.run(
            server, WARMUP_SECONDS, WARMUP_MAX_SECONDS, span -> delivery.run(rate, span));
    report("delivery: " + warmup + ", load " + load());
    // read before the span: jstat starts a JVM of its own
    GcPauses pausesBefore = GcPauses.read(server.java());
    CpuUse cpu = CpuUse.since(server);
    Histogram measured = delivery.run(rate, seconds);
    // CPU per write is steadier than a tail latency on a shared machine: it says what each
    // write costs, not what the neighbours were doing
    double writes = (double) rate * seconds;
    double serverUs = cpu.serverNanos() / 1e3 / writes;
    double clientUs = cpu.clientNanos() / 1e3 / writes;
    String threads = cpu.serverThreads(writes);
    String machine = cpu.machine();
    String pauses = GcPauses.read(server.java()).since(pausesBefore);
    Histogram answered = delivery.answered();
    report(
        String.format(
            "delivery 1000 updates/s over 1000 docs x 1 subscriber, 30 s: p50 %.2f ms, p99 %.2f"
                + " ms, max %.2f ms (%d deliveries); PUT answered p50 %.2f ms, p99 %.2f ms, max"
                + " %.2f ms; CPU per write: server %.0f µs (%s), load generator %.0f µs;"
                + " server %s; machine %s, load %s",
            ms(measured.getValueAtPercentile(50)),
            ms(measured.getValueAtPercentile(99)),
            ms(measured.getMaxValue()),
            measured.getTotalCount(),
            ms(answered.getValueAtPercentile(50)),
            ms(answered.getValueAtPercentile(99)),
            ms(answered.getMaxValue()),
            serverUs,
            threads,
            clientUs,
            pauses,
            machine,
            load()));
    // the measured 1,000/s run counts too: the search only goes on from there
    int best = ms(measured.getValueAtPercentile(99)) < 50 ? 1000 : 0;
    for (int higher : new int[] {2000, 3000, 4000, 5000, 6000, 8000, 10000}) {
      GcPauses before = GcPauses.read(server.java());
      CpuUse during = CpuUse.since(server);
      Histogram h = delivery.run(higher, 10);
      String machineDuring = during.machine();
      double p99 = ms(h.getValueAtPercentile(99));
      double achieved = h.getTotalCount() / 10.0; // deliveries per second, measured
      report(
          String.format(
              "  rate %d/s for 10 s: delivered %.0f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                  + " machine %s; server %s; load %s",
              higher,
              achieved,
              ms(h.getValueAtPercentile(50)),
              p99,
              ms(h.getMaxValue()),
              machineDuring,
              GcPauses.read(server.java()).since(before),
              load()));
      if (p99 >= 50 || achieved < higher * 0.95) {
        break;
      }
      best = higher;
    }
    report("max rate held with p99 < 50 ms: " + best + " updates/s");
    Trace.write();
    delivery.close();
  }

  /**
   * Fan-out of one message to 1,000 and then 10,000 sockets: warm-up rounds, then {@code rounds}
   * measured ones. With {@code idleCosts}, also what the 10,000 open sockets cost at rest (heap per
   * connection, server CPU per second); Lux's admin call reports the heap.
   */
  private static void fanOuts(LuxServer server, LuxClient client, boolean idleCosts)
      throws Exception {
    long before = idleCosts ? client.heapAfterGc() : 0;
    for (int subscribers : new int[] {1000, 10000}) {
      FanOut fanOut = new FanOut(client, subscribers);
      fanOut.open();
      if (subscribers == 10000 && idleCosts) {
        long after = client.heapAfterGc();
        long perConnection = (after - before) / subscribers;
        report(
            String.format(
                "idle heap: %d subscribed sockets took %.1f MB after GC: %d bytes each, %d"
                    + " connections per GiB, load %s",
                subscribers,
                (after - before) / 1e6,
                perConnection,
                (1L << 30) / Math.max(1, perConnection),
                load()));
        reportIdleCpu(server, subscribers);
      }
      int[] warmupRounds = {0};
      String warmup =
          Warmup.run(
              server,
              WARMUP_SECONDS,
              WARMUP_MAX_SECONDS,
              span -> warmupRounds[0] += fanOut.warmUp(span));
      report(
          String.format(
              "fan-out to %d subscribers: %d rounds in %s, load %s",
              subscribers, warmupRounds[0], warmup, load()));
      for (int round = 0; round < ROUNDS; round++) {
        CpuUse cpu = CpuUse.since(server);
        FanOut.Round measured = fanOut.round(round);
        report(
            String.format(
                "fan-out to %d subscribers, round %d: last one had it after %.1f ms (first %.1f,"
                    + " median %.1f, p90 %.1f ms; CPU in the round: server %.0f ms, load"
                    + " generator %.0f ms), load %s",
                subscribers,
                round,
                measured.lastMs(),
                measured.firstMs(),
                measured.medianMs(),
                measured.p90Ms(),
                ms(cpu.serverNanos()),
                ms(cpu.clientNanos()),
                load()));
      }
      fanOut.close();
    }
  }

  /**
   * What open, idle sockets cost the server: its CPU over 20 s in which nothing is written (pings
   * every {@code lux.stream.ping-seconds}, heartbeats, pongs). Fan-out rounds share the cores with
   * it.
   */
  private static void reportIdleCpu(LuxServer server, int sockets) throws Exception {
    CpuUse cpu = CpuUse.since(server);
    long start = System.nanoTime();
    Thread.sleep(20_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    report(
        String.format(
            "idle CPU: with %d sockets open the server used %.0f ms of CPU per second, load %s",
            sockets, ms(cpu.serverNanos()) / seconds, load()));
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static void report(String line) throws IOException {
    System.out.println(line);
    Files.createDirectories(RESULTS.getParent());
    Files.writeString(
        RESULTS,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The integer after {@code "name":} in a JSON text (no parser on the measuring path). */
  static long number(String json, String name) {
    return number(json, name, 0);
  }

  /** The integer after the first {@code "name":} at or after {@code searchFrom}; -1 when none. */
  static long number(String json, String name, int searchFrom) {
    int at = json.indexOf("\"" + name + "\":", searchFrom);
    if (at < 0) {
      return -1;
    }
    int from = at + name.length() + 3;
    int to = from;
    while (to < json.length() && (Character.isDigit(json.charAt(to)) || json.charAt(to) == '-')) {
      to++;
    }
    return Long.parseLong(json.substring(from, to));
  }

  /**
   * 1,000 documents, one subscriber each; writes carry their due time on the schedule (see
   * PacedWriter), receivers record.
   */
  static final class Delivery {
    private final LuxClient client;
    private final int documents;
    private final Recorder recorder = new Recorder(3);
    private final PacedWriter writer;
    private List<Sockets.Connection> sockets;

    Delivery(LuxServer server, LuxClient client, int documents) {
      this.client = client;
      this.writer = new PacedWriter(server);
      this.documents = documents;
    }

    void open() throws Exception {
      CountDownLatch snapshots = new CountDownLatch(documents);
      for (int i = 0; i < documents; i++) {
        client.put("bench-doc-" + i, "{\"data\":{\"t\":0}}").join();
      }
      sockets =
          client.sockets(
              documents,
              i -> "/stream/bench-doc-" + i,
              (i, text) -> {
                if (text.startsWith("{\"type\":\"snapshot\"")) {
                  snapshots.countDown();
                } else if (text.startsWith("{\"type\":\"update\"")) {
                  long sent = number(text, "t");
                  if (sent > 0) {
                    long latency = Math.max(0, System.nanoTime() - sent);
                    recorder.recordValue(latency);
                    Trace.delivered(latency);
                  }
                }
              });
      snapshots.await(5, TimeUnit.MINUTES);
    }

    /** Writes at {@code rate} per second for {@code seconds}; the deliveries' latencies. */
    Histogram run(int rate, int seconds) throws Exception {
      recorder.getIntervalHistogram(); // reset
      long failed =
          writer.run(
              rate,
              seconds,
              n -> "bench-doc-" + (n % documents),
              (n, due) -> "{\"data\":{\"t\":" + due + ",\"n\":" + n + "}}");
      Thread.sleep(2000); // let the last deliveries land
      Histogram histogram = recorder.getIntervalHistogram();
      if (failed > 0) {
        report("  (" + failed + " writes failed, e.g. " + writer.lastFailure() + ")");
      }
      return histogram;
    }

    /** How long after its due time each write of the last run was answered. */
    Histogram answered() {
      return writer.answered();
    }

    void close() throws Exception {
      sockets.forEach(Sockets.Connection::abort);
      writer.close();
    }
  }

  /** One document, many subscribers: time from the PUT until the last subscriber has it. */
  static final class FanOut {
    private final LuxClient client;
    private final int subscribers;
    private final String id;
    private volatile CountDownLatch arrived;
    private final long[] arrivals;
    private List<Sockets.Connection> sockets;

    /** When the last, first, median and 90th-percentile subscriber had a round's update. */
    record Round(double lastMs, double firstMs, double medianMs, double p90Ms) {}

    FanOut(LuxClient client, int subscribers) {
      this.client = client;
      this.subscribers = subscribers;
      this.id = "bench-fan-" + subscribers;
      this.arrivals = new long[subscribers];
    }

    void open() throws Exception {
      client.put(id, "{\"data\":{\"round\":-1}}").join();
      arrived = new CountDownLatch(subscribers);
      sockets =
          client.sockets(
              subscribers,
              i -> "/stream/" + id,
              (i, text) -> {
                if (!text.startsWith("{\"type\":\"heartbeat\"")) {
                  arrivals[i] = System.nanoTime();
                  arrived.countDown();
                }
              });
      if (!arrived.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("snapshots did not all arrive");
      }
    }

    Round round(int round) throws Exception {
      arrived = new CountDownLatch(subscribers);
      long start = System.nanoTime();
      client.put(id, "{\"data\":{\"round\":" + round + ",\"step\":\"fan-out\"}}").join();
      if (!arrived.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("round " + round + " did not reach everyone");
      }
      Thread.sleep(500);
      long[] sorted = arrivals.clone(); // written on the sockets' thread before the latch opened
      java.util.Arrays.sort(sorted);
      return new Round(
          ms(sorted[sorted.length - 1] - start),
          ms(sorted[0] - start),
          ms(sorted[sorted.length / 2] - start),
          ms(sorted[sorted.length * 9 / 10] - start));
    }

    /** Runs unmeasured rounds for {@code seconds}; returns how many. */
    int warmUp(int seconds) throws Exception {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int rounds = 0;
      while (System.nanoTime() < end) {
        round(-1 - rounds);
        rounds++;
      }
      return rounds;
    }

    void close() {
      sockets.forEach(Sockets.Connection::abort);
    }
  }
}
