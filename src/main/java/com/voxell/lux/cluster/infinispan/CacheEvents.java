package com.voxell.lux.cluster.infinispan;

import com.voxell.lux.cluster.control.OrderedHandoff;
import java.util.function.BiConsumer;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.annotation.PartitionStatusChanged;
import org.infinispan.notifications.cachelistener.annotation.TopologyChanged;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;
import org.infinispan.notifications.cachelistener.event.CacheEntryModifiedEvent;
import org.infinispan.notifications.cachelistener.event.PartitionStatusChangedEvent;
import org.infinispan.notifications.cachelistener.event.TopologyChangedEvent;

/**
 * The documents cache's listener on this node. Every node holds every entry (a replicated cache),
 * so each node's listener hears every write, after it is applied, in the order the key's primary
 * owner decided. It runs on Infinispan's threads, inside the write: it only hands the change text
 * to the document's lane and returns. Public, as Infinispan requires of a listener.
 */
@Listener(observation = Listener.Observation.POST)
public final class CacheEvents {

  private final OrderedHandoff handoff;
  private final BiConsumer<String, String> changes;
  private final Runnable ownership;
  private final Runnable availability;

  CacheEvents(
      OrderedHandoff handoff,
      BiConsumer<String, String> changes,
      Runnable ownership,
      Runnable availability) {
    this.handoff = handoff;
    this.changes = changes;
    this.ownership = ownership;
    this.availability = availability;
  }

  /** A creation may fire both annotations; it is taken once, from {@code CacheEntryCreated}. */
  @CacheEntryCreated
  @CacheEntryModified
  public void written(CacheEntryEvent<String, String> event) {
    if (event instanceof CacheEntryModifiedEvent<String, String> modified && modified.isCreated()) {
      return;
    }
    String id = event.getKey();
    String text = event.getValue();
    if (text != null) {
      handoff.submit(id, () -> changes.accept(id, text));
    }
  }

  /** Members joined or left and the rebalance finished: this node's share of the ids changed. */
  @TopologyChanged
  public void topologyChanged(TopologyChangedEvent<String, String> event) {
    if (!event.isPre()) {
      ownership.run();
    }
  }

  /**
   * Partition handling made this node's cache degraded (it lost the majority of its members) or
   * available again (it merged back into the majority).
   */
  @PartitionStatusChanged
  public void partitionStatusChanged(PartitionStatusChangedEvent<String, String> event) {
    if (!event.isPre()) {
      availability.run();
    }
  }
}
