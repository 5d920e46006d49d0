package com.voxell.lux.cluster.grid;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.voxell.lux.problems.entity.Problem;
import java.util.function.Supplier;

/**
 * Lux's split-brain protection: a write is taken only while this member sees at least {@code size}
 * members, so the minority side of a network split refuses writes (503 with {@code Retry-After})
 * instead of accepting what the merge after the heal would discard. Hazelcast's own split-brain
 * protection cannot be added to the member Payara has already started, so Lux counts the members
 * itself. A write the grid could not confirm (its partition's owner left, or a backup never
 * acknowledged it) is refused the same way: the client retries, and nothing it was told is stored
 * can be lost.
 */
final class MemberQuorum {

  static final long RETRY_AFTER_SECONDS = 2;

  private final Cluster cluster;
  private final int size;

  MemberQuorum(Cluster cluster, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a quorum is at least one member, not " + size);
    }
    this.cluster = cluster;
    this.size = size;
  }

  boolean met() {
    return cluster.getMembers().size() >= size;
  }

  /** Runs a write if the quorum is met, refusing it with 503 when the grid cannot confirm it. */
  <T> T write(Supplier<T> write) {
    int members = cluster.getMembers().size();
    if (members < size) {
      throw Problem.unavailable(
          "This node sees "
              + members
              + " of the "
              + size
              + " cluster members a write needs (lux.cluster.quorum); retry, or write to a node of"
              + " the majority.",
          RETRY_AFTER_SECONDS);
    }
    try {
      return write.get();
    } catch (IndeterminateOperationStateException
        | TargetNotMemberException
        | OperationTimeoutException
        | HazelcastInstanceNotActiveException e) {
      throw Problem.unconfirmed(
          "The cluster could not confirm this write (" + e.getClass().getSimpleName() + ")",
          RETRY_AFTER_SECONDS);
    }
  }

  int size() {
    return size;
  }
}
