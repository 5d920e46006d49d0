package com.voxell.lux.cluster.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.voxell.lux.cluster.control.Allowance;
import com.voxell.lux.documents.control.RateLimiter;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Write allowances in a grid map, changed by compare-and-set, so a writer limited to n writes per
 * second gets n in the whole cluster, not n per node. Unlimited writers never touch the grid.
 */
public final class HazelcastRateLimiter implements RateLimiter {

  public static final String MAP = "lux-write-allowances";

  /**
   * An idle writer's bucket is full again after a second; keep it a little longer, then drop it.
   */
  private static final long IDLE_SECONDS = 60;

  private final IMap<String, String> allowances;
  private final Clock clock;

  public HazelcastRateLimiter(HazelcastInstance grid, Clock clock) {
    this.allowances = TenantFreeMaps.of(grid, MAP);
    this.clock = clock;
  }

  @Override
  public void acquire(Writer writer) {
    double rate = writer.writesPerSecond();
    if (rate <= 0) {
      return;
    }
    while (true) {
      long now = clock.millis();
      String stored = allowances.get(writer.name());
      Allowance bucket =
          stored == null ? Allowance.full(rate, now) : Allowance.parse(stored).refilled(rate, now);
      if (!bucket.hasToken()) {
        throw Problem.rateLimited(
            "'" + writer.name() + "' may write " + rate + " times per second; try again shortly.",
            (bucket.waitMillis(rate) + 999) / 1000);
      }
      String next = bucket.taken().text();
      boolean won =
          stored == null
              ? allowances.putIfAbsent(writer.name(), next, IDLE_SECONDS, TimeUnit.SECONDS) == null
              : allowances.replace(writer.name(), stored, next);
      if (won) {
        return;
      }
    }
  }
}
