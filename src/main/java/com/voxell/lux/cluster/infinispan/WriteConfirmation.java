package com.voxell.lux.cluster.infinispan;

import com.voxell.lux.problems.entity.Problem;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.infinispan.Cache;
import org.infinispan.distribution.DistributionManager;
import org.infinispan.partitionhandling.AvailabilityMode;

/**
 * Acknowledges a write only while every copy Infinispan was to make of it is on a member still in
 * the cluster view. Infinispan completes a write on the document's primary owner once each backup
 * owner has confirmed it <em>or left the view</em>, and only then does partition handling decide
 * whether this node is on the minority side. So on the node cut off by a split, a write in flight
 * when the others are dropped succeeds with its only copy here, a moment before the cache is
 * degraded, and the merge after the heal drops it (the majority's entries win): an acknowledged
 * write lost ({@code bench/cluster/split.py --server wildfly} saw a 200 from the cut-off node).
 *
 * <p>A write is therefore confirmed only if no member left the view while it ran, every owner the
 * cache's current topology names for the document is still in the view, and the cache is still
 * available; otherwise the client is told it may or may not have been applied (503, as after a
 * timeout) and retries on a node of the majority. On the majority side this refuses the few writes
 * in flight when a member is dropped, which were waiting for that member.
 */
final class WriteConfirmation {

  private final Supplier<Collection<?>> view;
  private final Function<String, Collection<?>> owners;
  private final Supplier<AvailabilityMode> availability;

  /**
   * @param view the members of the cluster view now
   * @param owners the members the cache's current topology names to hold a document's copies
   * @param availability the cache's availability now
   */
  WriteConfirmation(
      Supplier<Collection<?>> view,
      Function<String, Collection<?>> owners,
      Supplier<AvailabilityMode> availability) {
    this.view = view;
    this.owners = owners;
    this.availability = availability;
  }

  /** For the documents cache: its container's view, its topology's write owners. */
  static WriteConfirmation of(Cache<String, String> documents) {
    return new WriteConfirmation(
        () -> orNone(documents.getCacheManager().getMembers()),
        id -> {
          DistributionManager distribution = documents.getAdvancedCache().getDistributionManager();
          return distribution == null // a local cache: no copies elsewhere
              ? List.of()
              : distribution.getCacheTopology().getDistribution(id).writeOwners();
        },
        documents.getAdvancedCache()::getAvailability);
  }

  /**
   * Runs {@code write} (of document {@code id}) and returns its result if it is confirmed; runs
   * {@code whenUnconfirmed} before refusing one that is not. A write the mutation itself refused
   * (its own {@code Problem}) stored nothing and passes through untouched.
   */
  <T> T confirm(String id, Supplier<T> write, Runnable whenUnconfirmed) {
    Collection<?> before = view.get();
    T written = write.get();
    Collection<?> after = view.get();
    if (!after.containsAll(before)
        || !after.containsAll(owners.apply(id))
        || availability.get() != AvailabilityMode.AVAILABLE) {
      whenUnconfirmed.run();
      throw Problem.unconfirmed(
          "A member of the cluster was lost while this write ran, so this node cannot confirm"
              + " that its copies are kept",
          MinorityRefusal.RETRY_AFTER_SECONDS);
    }
    return written;
  }

  private static Collection<?> orNone(Collection<?> members) {
    return members == null ? List.of() : members;
  }
}
