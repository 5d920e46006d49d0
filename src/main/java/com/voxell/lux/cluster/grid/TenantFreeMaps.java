package com.voxell.lux.cluster.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Looks up grid maps from a thread that carries no application context, so the grid runs their
 * operations without one.
 *
 * <p>Why: Payara's Hazelcast saves the calling application's context ("tenant") when a map's proxy
 * is created, and then, for every single operation on that map, pushes that context (class loader,
 * CDI request context, found by walking the stack for a bean manager) onto the partition thread and
 * pops it again. Measured on two Payara Micro nodes under PUT load, that set-up took about 70 % of
 * all server CPU. Lux keeps only {@code String}s in its maps and hands every event off to its own
 * threads at once, so its maps need no application context on the grid's threads. Payara's
 * invocation context is an inheritable thread-local, so the lookup runs on a thread that inherits
 * none.
 */
final class TenantFreeMaps {

  private TenantFreeMaps() {}

  static <K, V> IMap<K, V> of(HazelcastInstance grid, String name) {
    AtomicReference<IMap<K, V>> found = new AtomicReference<>();
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread lookup =
        new Thread(
            null,
            () -> {
              try {
                found.set(grid.getMap(name));
              } catch (RuntimeException e) {
                failed.set(e);
              }
            },
            "lux-grid-map-" + name,
            0,
            false); // inherit no thread-locals: no application invocation reaches the grid
    lookup.start();
    try {
      lookup.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up grid map " + name, e);
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return found.get();
  }
}
