package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.RateLimiter;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import java.time.Clock;

/**
 * Write allowances in a cluster map, changed by compare-and-set, so a writer limited to n writes
 * per second gets n in the whole cluster, not n per node. Unlimited writers never touch the map.
 * The map drops an idle writer's entry after a while (its bucket is full again after a second).
 */
public final class SharedRateLimiter implements RateLimiter {

  private final TextEntries allowances;
  private final Clock clock;

  public SharedRateLimiter(TextEntries allowances, Clock clock) {
    this.allowances = allowances;
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
              ? allowances.putIfAbsent(writer.name(), next)
              : allowances.replace(writer.name(), stored, next);
      if (won) {
        return;
      }
    }
  }
}
