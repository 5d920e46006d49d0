package com.voxell.lux.cluster.infinispan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.infinispan.partitionhandling.AvailabilityMode;

/**
 * This node's own copies of documents created by writes it refused as unconfirmed ({@link
 * WriteConfirmation}), taken back when the node merges after it was cut off. A write in flight on
 * the node cut off by a split completes there when the others leave the view, with its only copy
 * there, though the client is told 503. After the heal, Infinispan's conflict resolution puts the
 * majority's entry on every node where the majority holds one; but where it holds none (the refused
 * write created the document) it decides on a remove, which goes to the key's primary owner, finds
 * nothing there and does not reach this node (seen in Infinispan 15.2's trace), so this node would
 * go on serving a document no one was told is stored ({@code bench/cluster/split.py --server
 * wildfly}).
 *
 * <p>So when the documents cache is available again after being degraded, this node removes from
 * its own copy, only there, each document such a write created from a little before it was degraded
 * on, and only while its copy still holds exactly that write's text: a newer write since replaced
 * it and stays. The document had no acknowledged state before that write, so nothing acknowledged
 * goes; if the other members hold it after all (the write reached them, its confirmation did not
 * come back), conflict resolution puts it back here. A node that stays available (the majority side
 * refuses the writes that were waiting for the lost member) keeps its copies: the other members of
 * the majority hold them too.
 */
final class UnconfirmedCopies {

  /**
   * How long before the cache was degraded a refused write still counts: the writes in flight when
   * the members were lost, refused when failure detection dropped them (10 s, then 1 s), plus room
   * for a busy machine.
   */
  static final Duration BEFORE_DEGRADED = Duration.ofSeconds(60);

  private record Copy(String text, Instant refusedAt) {}

  private final Map<String, Copy> refused = new ConcurrentHashMap<>();
  private final BiConsumer<String, String> removeLocally;
  private final Clock clock;
  private volatile Instant degradedAt;

  /**
   * @param removeLocally removes a document from this node's copy only, if it still holds exactly
   *     the given text
   */
  UnconfirmedCopies(BiConsumer<String, String> removeLocally, Clock clock) {
    this.removeLocally = removeLocally;
    this.clock = clock;
  }

  /**
   * A write that created {@code id} was refused as unconfirmed; this node's copy now holds {@code
   * text} ({@code null}: nothing to take back).
   */
  void refused(String id, String text) {
    if (text != null) {
      refused.put(id, new Copy(text, clock.instant()));
    }
  }

  /**
   * The documents cache's availability changed to {@code mode}. Degraded: remembers when. Available
   * after being degraded: takes back this node's copies of the writes it refused from {@link
   * #BEFORE_DEGRADED} before then on, and returns how many it tried; every refusal noted so far is
   * forgotten then.
   */
  int availability(AvailabilityMode mode) {
    Instant now = clock.instant();
    if (mode != AvailabilityMode.AVAILABLE) {
      degradedAt = now;
      return 0;
    }
    Instant since = degradedAt;
    degradedAt = null;
    int taken = 0;
    for (Map.Entry<String, Copy> entry : refused.entrySet()) {
      Copy copy = entry.getValue();
      if (since != null && !copy.refusedAt().isBefore(since.minus(BEFORE_DEGRADED))) {
        removeLocally.accept(entry.getKey(), copy.text());
        taken++;
      }
      refused.remove(entry.getKey(), copy);
    }
    return taken;
  }
}
