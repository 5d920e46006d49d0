package com.voxell.lux.bench;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One socket on a node's multiplexed stream ({@code /api/lux/stream}) following every document
 * under a prefix, for {@link ClusterDelivery}. Of the current run it records each delivered {@code
 * update}'s latency, same-node or cross-node, and which writes arrived. How arrivals count: the
 * stream keeps only the newest unsent state per document and subscriber, so a write that did not
 * arrive is <em>superseded</em> when a later write of its document did, and <em>lost</em> when none
 * did (the subscriber never got its document's newest state).
 */
final class PrefixSubscriber {

  private static final String UPDATE = "{\"type\":\"update\"";

  final int node;
  private final int nodes;
  private final int documents;
  private final LuxClient client;
  private final Recorder same = new Recorder(3);
  private final Recorder cross = new Recorder(3);
  private final CompletableFuture<Long> subscribed = new CompletableFuture<>();
  // the run's state: written on the socket's thread, read by the bench's; guarded by this
  private long tag = -1;
  private long total;
  private BitSet arrived = new BitSet();
  private long[] newest;

  /** Follows node {@code node} of {@code nodes}; write n was sent via node {@code n % nodes}. */
  PrefixSubscriber(LuxClient client, int node, int nodes, int documents) {
    this.client = client;
    this.node = node;
    this.nodes = nodes;
    this.documents = documents;
  }

  /** Subscribes; returns how many documents the node had (the {@code subscribed} count). */
  long subscribe(String prefix) throws Exception {
    client
        .sockets(1, i -> "/stream", (i, text) -> receive(text))
        .get(0)
        .send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\"}");
    return subscribed.get(5, TimeUnit.MINUTES);
  }

  /** Forgets the last run; from now on counts the updates of run {@code tag} of {@code total}. */
  synchronized void startRun(long tag, long total) {
    this.tag = tag;
    this.total = total;
    this.arrived = new BitSet();
    this.newest = new long[documents];
    Arrays.fill(newest, -1);
    same.reset();
    cross.reset();
  }

  private void receive(String text) {
    long now = System.nanoTime();
    if (text.startsWith("{\"type\":\"subscribed\"")) {
      subscribed.complete(Bench.number(text, "count"));
    } else if (text.startsWith("{\"type\":\"error\"") || text.startsWith("{\"type\":\"closed\"")) {
      System.out.println("subscriber on node " + node + ": " + text);
    }
    // a frame holds one message, or an array of them (?batch=1, not asked for here)
    for (int at = text.indexOf(UPDATE); at >= 0; at = text.indexOf(UPDATE, at + 1)) {
      record(
          now,
          Bench.number(text, "r", at),
          Bench.number(text, "t", at),
          Bench.number(text, "n", at));
    }
  }

  private synchronized void record(long now, long run, long due, long n) {
    if (run != tag) {
      return; // the documents' creation, or a late update of an earlier run
    }
    (n % nodes == node ? same : cross).recordValue(Math.max(0, now - due));
    arrived.set((int) n);
    int document = (int) (n % documents);
    newest[document] = Math.max(newest[document], n);
  }

  /** Whether every document written in this run has shown its last write here. */
  synchronized boolean settled() {
    for (int d = 0; d < documents && d < total; d++) {
      if (newest[d] != d + (total - 1 - d) / documents * documents) {
        return false;
      }
    }
    return true;
  }

  Histogram same() {
    return same.getIntervalHistogram();
  }

  Histogram cross() {
    return cross.getIntervalHistogram();
  }

  /** "29,990 of 30,000 writes delivered, 10 superseded, 0 lost". */
  synchronized String counts() {
    long superseded = 0;
    long lost = 0;
    for (int n = 0; n < total; n++) {
      if (!arrived.get(n)) {
        if (newest[n % documents] > n) {
          superseded++;
        } else {
          lost++;
        }
      }
    }
    return String.format(
        "%d of %d writes delivered, %d superseded by a newer state of their document (conflated),"
            + " %d lost",
        arrived.cardinality(), total, superseded, lost);
  }
}
