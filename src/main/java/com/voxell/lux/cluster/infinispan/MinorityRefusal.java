package com.voxell.lux.cluster.infinispan;

import com.voxell.lux.problems.entity.Problem;
import java.util.function.Supplier;
import org.infinispan.commons.TimeoutException;
import org.infinispan.partitionhandling.AvailabilityException;
import org.infinispan.partitionhandling.AvailabilityMode;

/**
 * Lux's answer where Infinispan's partition handling refuses: {@code server-config/
 * wildfly-cluster.cli} gives the documents cache {@code when-split=DENY_READ_WRITES}, so a node
 * that lost touch with half or more of the members it last agreed on (the minority side of a split,
 * or either side of a split of two nodes) is degraded and refuses every read and write with an
 * {@link AvailabilityException}; the client gets 503 with {@code Retry-After} and retries on a node
 * of the majority. A write whose copy the cluster could not confirm in time is refused the same
 * way: it may or may not have been applied, and nothing the client was told is stored can be lost.
 *
 * <p>A degraded cache is refused before it is touched: Infinispan logs every write it refuses as an
 * ERROR with a stack trace, which would flood the log of a node left alone with one per request.
 */
final class MinorityRefusal {

  static final long RETRY_AFTER_SECONDS = 2;

  private MinorityRefusal() {}

  /** Runs {@code operation} on a cache whose availability is now {@code availability}. */
  static <T> T guard(AvailabilityMode availability, Supplier<T> operation) {
    if (availability != AvailabilityMode.AVAILABLE) {
      throw cutOff();
    }
    try {
      return operation.get();
    } catch (AvailabilityException e) {
      throw cutOff(); // degraded since the check
    } catch (TimeoutException e) {
      throw Problem.unconfirmed(
          "The cluster could not confirm this operation in time", RETRY_AFTER_SECONDS);
    }
  }

  private static Problem cutOff() {
    return Problem.unavailable(
        "This node is cut off from the majority of its cluster (its documents cache is"
            + " degraded); retry, or use a node of the majority.",
        RETRY_AFTER_SECONDS);
  }
}
