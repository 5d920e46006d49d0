package com.voxell.lux.cluster.grid;

import com.hazelcast.config.Config;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteOptions;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.documents.entity.Writer;
import jakarta.json.Json;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The grid hop of a clustered write, without HTTP: a write through the store on member A until the
 * change reaches a listener on A (same node) and on B (other node), two members over loopback TCP
 * in one JVM. Run: see docs/BENCHMARKS.md.
 */
public final class GridLatencyBench {

  public static void main(String[] args) throws Exception {
    int writes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    try (TwoMembers members = TwoMembers.start(GridLatencyBench::config)) {
      HazelcastBackplane planeA = TwoMembers.backplane(members.a(), 1);
      HazelcastBackplane planeB = TwoMembers.backplane(members.b(), 1);
      Map<Long, Long> sent = new ConcurrentHashMap<>();
      long[] sameNode = new long[writes];
      long[] otherNode = new long[writes];
      CountDownLatch[] seen = {new CountDownLatch(writes), new CountDownLatch(writes)};
      planeA.listen(change -> record(change.document().version(), sent, sameNode, seen[0]));
      planeB.listen(change -> record(change.document().version(), sent, otherNode, seen[1]));
      DocumentStore store = new DocumentStore(planeA, Limits.DEFAULTS, Clock.systemUTC());
      // one document per run, so versions 1..writes identify the writes
      DocumentId id = DocumentId.of("bench-" + UUID.randomUUID().toString().substring(0, 8));
      long started = System.nanoTime();
      for (int i = 0; i < writes; i++) {
        sent.put((long) i + 1, System.nanoTime());
        store.write(
            id,
            WriteKind.PATCH,
            new WriteRequest(
                Json.createObjectBuilder().add("progress", i).build(), WriteOptions.NONE),
            Precondition.NONE,
            Writer.unlimited("bench"));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      seen[0].await(60, TimeUnit.SECONDS);
      seen[1].await(60, TimeUnit.SECONDS);
      // the first fifth warms the JIT up
      int skip = writes / 5;
      System.out.printf(
          "%d sequential writes on A: %.0f writes/s%n"
              + "write -> listener on A (same node):  %s%n"
              + "write -> listener on B (other node): %s%n",
          writes, writes / seconds, percentiles(sameNode, skip), percentiles(otherNode, skip));
    }
  }

  private static void record(long version, Map<Long, Long> sent, long[] into, CountDownLatch seen) {
    Long start = sent.get(version);
    if (start != null && version <= into.length) {
      into[(int) version - 1] = System.nanoTime() - start;
      seen.countDown();
    }
  }

  private static String percentiles(long[] nanos, int skip) {
    long[] sorted = Arrays.copyOfRange(nanos, skip, nanos.length);
    Arrays.sort(sorted);
    return String.format(
        "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  /** The tests' loopback member, quiet: the bench prints only its figures. */
  private static Config config(String cluster, int port, int peer) {
    return TwoMembers.onLoopback(cluster, port, peer).setProperty("hazelcast.logging.type", "none");
  }
}
