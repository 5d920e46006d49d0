package com.voxell.lux.cluster.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Looks up grid maps and topics from a thread that carries no application context, so the grid runs
 * their operations without one.
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
final class TenantFree {

  private TenantFree() {}

  static <K, V> IMap<K, V> map(HazelcastInstance grid, String name) {
    return lookUp("lux-grid-map-" + name, () -> grid.getMap(name));
  }

  static <E> ITopic<E> topic(HazelcastInstance grid, String name) {
    return lookUp("lux-grid-topic-" + name, () -> grid.getTopic(name));
  }

  private static <T> T lookUp(String threadName, Supplier<T> find) {
    AtomicReference<T> found = new AtomicReference<>();
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread lookup =
        new Thread(
            null,
            () -> {
              try {
                found.set(find.get());
              } catch (RuntimeException e) {
                failed.set(e);
              }
            },
            threadName,
            0,
            false); // inherit no thread-locals: no application invocation reaches the grid
    lookup.start();
    try {
      lookup.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted in " + threadName, e);
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return found.get();
  }
}
