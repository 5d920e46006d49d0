package com.voxell.lux.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Issue 19's delivery target, {@code Bench cluster-delivery}: PUT-to-delivery latency at {@code
 * -Drate} updates/s (1,000) over {@code -Ddocs} documents (1,000) on {@code -Dnodes} clustered
 * nodes (2, each started with bin/run-node; 1: bin/run), with one prefix subscriber on every node.
 * Write {@code n} goes to document {@code n % docs} via node {@code n % nodes}, so each document is
 * always written via the same node and every node takes its share. Each delivery is classified
 * same-node (written via the subscriber's node) or cross-node (it crossed the grid).
 */
final class ClusterDelivery {

  private static final int NODES = Integer.getInteger("nodes", 2);
  private static final int RATE = Integer.getInteger("rate", 1000);
  private static final int DOCUMENTS = Integer.getInteger("docs", 1000);
  private static final int SECONDS = Integer.getInteger("seconds", 30);
  private static final String PREFIX = "bench-cluster-";

  private final List<LuxServer> servers;
  private final List<PrefixSubscriber> subscribers = new ArrayList<>();
  private final PacedWriter writer;
  private int run;
  private double answeredSeconds; // from the first write due to the last answered, in the last run

  private ClusterDelivery(List<LuxServer> servers) {
    this.servers = servers;
    this.writer = new PacedWriter(servers);
  }

  static void run(Map<String, String> settings) throws Exception {
    List<LuxServer> servers = start(settings);
    try {
      ClusterDelivery bench = new ClusterDelivery(servers);
      bench.open();
      String warmup =
          Warmup.run(
              servers, Bench.WARMUP_SECONDS, Bench.WARMUP_MAX_SECONDS, bench::writeAndSettle);
      Bench.report("cluster-delivery: " + warmup + ", load " + Bench.load());
      bench.measure();
      bench.writer.close();
    } finally {
      for (LuxServer server : servers) {
        server.close();
      }
    }
  }

  /** The nodes, booted side by side: one cluster with a name of its own and one key. */
  private static List<LuxServer> start(Map<String, String> settings) throws Exception {
    if (NODES == 1) {
      return List.of(LuxServer.start(settings));
    }
    String cluster = "lux-bench-" + UUID.randomUUID().toString().substring(0, 8);
    String key = LuxServer.newKey();
    List<Integer> gridPorts = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      gridPorts.add(LuxServer.freePort());
    }
    String members = String.join(",", gridPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    ExecutorService boots = Executors.newFixedThreadPool(NODES);
    List<Future<LuxServer>> booting = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      String name = nodeName(i);
      int gridPort = gridPorts.get(i);
      booting.add(
          boots.submit(() -> LuxServer.node(name, gridPort, members, cluster, key, settings)));
    }
    boots.shutdown();
    List<LuxServer> servers = new ArrayList<>();
    Exception failure = null;
    for (Future<LuxServer> boot : booting) {
      try {
        servers.add(boot.get());
      } catch (Exception e) {
        failure = e;
      }
    }
    if (failure != null) {
      for (LuxServer server : servers) {
        server.close();
      }
      throw failure;
    }
    return servers;
  }

  /** Creates the documents (each via the node that will write it), then subscribes on each node. */
  private void open() throws Exception {
    List<LuxClient> clients = servers.stream().map(LuxClient::new).toList();
    for (int d = 0; d < DOCUMENTS; d++) {
      int status =
          clients
              .get(d % NODES)
              .put(PREFIX + d, "{\"data\":{\"r\":-1,\"t\":0,\"n\":-1}}")
              .join()
              .statusCode();
      if (status >= 300) {
        throw new IllegalStateException("creating " + PREFIX + d + " answered " + status);
      }
    }
    for (int i = 0; i < NODES; i++) {
      PrefixSubscriber subscriber = new PrefixSubscriber(clients.get(i), i, NODES, DOCUMENTS);
      long seen = subscriber.subscribe(PREFIX);
      if (seen != DOCUMENTS) {
        throw new IllegalStateException(
            "node " + nodeName(i) + " sees " + seen + " of " + DOCUMENTS + " documents");
      }
      subscribers.add(subscriber);
    }
    Bench.report(
        String.format(
            "%d node(s) (%s), %d documents, one prefix subscriber per node, load %s",
            NODES, NODES == 1 ? "bin/run" : "bin/run-node", DOCUMENTS, Bench.load()));
  }

  /**
   * One paced run of {@code seconds}; then waits until every write was answered and every
   * document's last write arrived at every subscriber (at most 30 s more).
   *
   * @return how many writes failed
   */
  private long writeAndSettle(int seconds) throws Exception {
    int tag = ++run;
    long total = (long) RATE * seconds;
    subscribers.forEach(s -> s.startRun(tag, total));
    long start = System.nanoTime();
    long failed =
        writer.run(
            RATE,
            seconds,
            n -> PREFIX + (n % DOCUMENTS),
            (n, due) -> "{\"data\":{\"r\":" + tag + ",\"t\":" + due + ",\"n\":" + n + "}}");
    writer.awaitAnswered();
    answeredSeconds = (System.nanoTime() - start) / 1e9;
    long settleBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < settleBy && !subscribers.stream().allMatch(s -> s.settled())) {
      Thread.sleep(50);
    }
    return failed;
  }

  private void measure() throws Exception {
    List<CpuUse> cpu = servers.stream().map(CpuUse::since).toList();
    long failed = writeAndSettle(SECONDS);
    double writes = (double) RATE * SECONDS;
    double serverUs = cpu.stream().mapToLong(CpuUse::serverNanos).sum() / 1e3 / writes;
    double clientUs = cpu.get(0).clientNanos() / 1e3 / writes;
    StringBuilder threads = new StringBuilder();
    for (int i = 0; i < NODES; i++) {
      threads.append(i == 0 ? "" : "; ").append(nodeName(i)).append(": ");
      threads.append(cpu.get(i).serverThreads(writes));
    }
    Histogram same = new Histogram(3);
    Histogram cross = new Histogram(3);
    StringBuilder counts = new StringBuilder();
    for (PrefixSubscriber subscriber : subscribers) {
      same.add(subscriber.same());
      cross.add(subscriber.cross());
      counts.append(
          String.format(
              "%n  subscriber on %s: %s", nodeName(subscriber.node), subscriber.counts()));
    }
    Histogram answered = writer.answered();
    Bench.report(
        String.format(
            "cluster-delivery, %d node(s), %d updates/s over %d docs for %d s (%d writes, %d"
                + " failed, the last answered after %.1f s):%n  same-node  %s%n  cross-node %s%n "
                + " cross/same p99: %s%s%n  PUT answered p50 %.2f ms, p99 %.2f ms; CPU per write:"
                + " servers %.0f µs (%s), load generator %.0f µs; machine %s, load %s",
            NODES,
            RATE,
            DOCUMENTS,
            SECONDS,
            (long) writes,
            failed,
            answeredSeconds,
            latencies(same),
            latencies(cross),
            cross.getTotalCount() == 0
                ? "-"
                : String.format(
                    "%.2f",
                    cross.getValueAtPercentile(99) / (double) same.getValueAtPercentile(99)),
            counts,
            Bench.ms(answered.getValueAtPercentile(50)),
            Bench.ms(answered.getValueAtPercentile(99)),
            serverUs,
            threads,
            clientUs,
            cpu.get(0).machine(),
            Bench.load()));
  }

  private static String latencies(Histogram h) {
    return String.format(
        "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%d deliveries)",
        Bench.ms(h.getValueAtPercentile(50)),
        Bench.ms(h.getValueAtPercentile(99)),
        Bench.ms(h.getValueAtPercentile(99.9)),
        Bench.ms(h.getMaxValue()),
        h.getTotalCount());
  }

  private static String nodeName(int i) {
    return String.valueOf((char) ('A' + i));
  }
}
