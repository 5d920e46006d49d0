package com.voxell.lux.cluster.infinispan;

import com.voxell.lux.cluster.control.ChangeListeners;
import com.voxell.lux.cluster.control.ChangeText;
import com.voxell.lux.cluster.control.CompareAndSetWrites;
import com.voxell.lux.cluster.control.DocumentPages;
import com.voxell.lux.cluster.control.OrderedHandoff;
import com.voxell.lux.cluster.control.ParsedChanges;
import com.voxell.lux.cluster.control.TextEntries;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.ChangeListener;
import com.voxell.lux.documents.control.Mutation;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.context.Flag;
import org.infinispan.distribution.LocalizedCacheTopology;
import org.infinispan.partitionhandling.AvailabilityMode;

/**
 * Documents in a replicated Infinispan cache of the WildFly server's own container: every node
 * holds every document, so any node serves it and one node's death loses nothing.
 *
 * <p>Each mutation is a compare-and-set under the key's lock on its primary owner ({@link
 * CompareAndSetWrites}). Only text crosses the wire ({@link ChangeText}), never a Lux object, so
 * Infinispan's marshalling needs no Lux class. Every node listens to the cache ({@link
 * CacheEvents}) and hands each change, in per-document order, to its own listeners; a removal is a
 * tombstone naming its reason first. Each id's timers run on its primary owner. Where partition
 * handling has degraded the cache (this node is on the minority side of a split), every read and
 * write is refused with 503 ({@link MinorityRefusal}) and the backplane is not up; a write during
 * which a member was lost is not acknowledged ({@link WriteConfirmation}), and where it created the
 * document this node's own copy of it is taken back if the node was cut off ({@link
 * UnconfirmedCopies}).
 */
public final class InfinispanBackplane implements Backplane, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(InfinispanBackplane.class.getName());

  private final Cache<String, String> documents;
  private final TextEntries entries;
  private final CacheEvents events;
  private final WriteConfirmation confirmation;
  private final AdvancedCache<String, String> localCopy;
  private final UnconfirmedCopies unconfirmed;
  private final ParsedChanges parsed = new ParsedChanges();
  private final ChangeListeners listeners = new ChangeListeners();
  private final List<Runnable> ownershipListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> availabilityListeners = new CopyOnWriteArrayList<>();

  InfinispanBackplane(Cache<String, String> documents, OrderedHandoff handoff) {
    this(documents, handoff, WriteConfirmation.of(documents));
  }

  InfinispanBackplane(
      Cache<String, String> documents, OrderedHandoff handoff, WriteConfirmation confirmation) {
    this.documents = documents;
    this.confirmation = confirmation;
    this.entries = TextEntries.of(documents);
    this.localCopy = documents.getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL);
    this.unconfirmed =
        new UnconfirmedCopies(
            (id, text) -> handoff.submit(id, () -> localCopy.remove(id, text)), Clock.systemUTC());
    this.events =
        new CacheEvents(handoff, this::publish, this::ownershipChanged, this::availabilityChanged);
    documents.addListener(events);
  }

  @Override
  public Outcome apply(String id, Mutation mutation) {
    return guard(
        () ->
            confirmation.confirm(
                id,
                () -> CompareAndSetWrites.apply(entries, parsed, id, mutation),
                () -> unconfirmed.refused(id, creationHeldHere(id))));
  }

  @Override
  public Document get(String id) {
    return guard(() -> parsed.current(id, documents.get(id)));
  }

  @Override
  public List<Document> page(String prefix, String after, int limit) {
    return guard(
        () ->
            DocumentPages.page(
                documents.keySet(),
                prefix,
                after,
                limit,
                documents.getAdvancedCache()::getAll,
                parsed));
  }

  @Override
  public void scan(int size, Consumer<List<Document>> batches) {
    guard(
        () -> {
          DocumentPages.scan(
              documents.keySet(), size, documents.getAdvancedCache()::getAll, parsed, batches);
          return null;
        });
  }

  @Override
  public int size() {
    return guard(documents::size);
  }

  /** The ids whose primary owner is this node in the cache's current topology. */
  @Override
  public Iterable<String> ownedIds() {
    LocalizedCacheTopology topology = topology();
    return guard(
        () ->
            documents.keySet().stream()
                .filter(id -> topology.getDistribution(id).isPrimary())
                .toList());
  }

  /** Runs {@code listener} after members joined or left and the cache rebalanced. */
  @Override
  public void onOwnershipChange(Runnable listener) {
    ownershipListeners.add(listener);
  }

  /**
   * Up while this node is a member of the cache's current topology and the cache is available (not
   * degraded by partition handling: readiness follows it, so a load balancer sends no one to the
   * minority side of a split).
   */
  @Override
  public boolean up() {
    try {
      return topology().getMembers().contains(documents.getCacheManager().getAddress())
          && documents.getAdvancedCache().getAvailability() == AvailabilityMode.AVAILABLE;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void listen(ChangeListener listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    documents.removeListener(events);
  }

  private <T> T guard(Supplier<T> operation) {
    return MinorityRefusal.guard(documents.getAdvancedCache().getAvailability(), operation);
  }

  /**
   * This node's own copy of {@code id}, if it holds the document's creation (its first version, or
   * its first after a removal): what a refused write that created it left here. The copy of a
   * refused update is not needed: where the others hold the document, conflict resolution puts
   * their entry on every node.
   */
  private String creationHeldHere(String id) {
    String copy = localCopy.get(id);
    return copy != null && ChangeText.change(copy).kind() == Change.Kind.CREATED ? copy : null;
  }

  private LocalizedCacheTopology topology() {
    return documents.getAdvancedCache().getDistributionManager().getCacheTopology();
  }

  private void publish(String id, String text) {
    listeners.publish(parsed.change(id, text));
  }

  /**
   * Runs {@code listener} when partition handling degrades this node's cache (it lost the majority
   * of its members) and again when the cache is available after a merge.
   */
  void onAvailabilityChange(Runnable listener) {
    availabilityListeners.add(listener);
  }

  /** Runs on Infinispan's notification thread: the listeners only note it and return. */
  private void ownershipChanged() {
    ownershipListeners.forEach(Runnable::run);
  }

  private void availabilityChanged() {
    int taken = unconfirmed.availability(documents.getAdvancedCache().getAvailability());
    if (taken > 0) {
      LOG.log( // a MessageFormat pattern: an apostrophe would swallow {0}
          System.Logger.Level.INFO,
          "lux cluster: merged back after being cut off; taking back its own copies of {0}"
              + " documents created by writes it refused",
          taken);
    }
    availabilityListeners.forEach(Runnable::run);
  }
}
