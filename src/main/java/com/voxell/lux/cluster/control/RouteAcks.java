package com.voxell.lux.cluster.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which version of this node's published view each member has said it routes by: a node that
 * publishes a wider view waits until every member says so, because a member that owns a document
 * decides alone whether to send this node its change.
 */
public final class RouteAcks {

  // Guarded by this: the highest version each member acknowledged.
  private final Map<String, Long> acknowledged = new HashMap<>();

  public synchronized void acknowledged(String member, long version) {
    acknowledged.merge(member, version, Math::max);
    notifyAll();
  }

  /**
   * Waits until each of {@code members} still in the cluster ({@code current}) acknowledged {@code
   * version} or a later one.
   *
   * @return the members that had not, once {@code patience} ran out (empty: all did)
   */
  public synchronized Set<String> await(
      long version, Set<String> members, Supplier<Set<String>> current, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Set<String> present = current.get();
      Set<String> missing =
          members.stream()
              .filter(present::contains)
              .filter(member -> acknowledged.getOrDefault(member, 0L) < version)
              .collect(Collectors.toSet());
      long left = deadline - System.nanoTime();
      if (missing.isEmpty() || left <= 0) {
        return missing;
      }
      try {
        // woken by each acknowledgement; also looks again at who is still in the cluster
        wait(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 50)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return missing;
      }
    }
  }
}
