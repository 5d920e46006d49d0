package com.voxell.lux.cluster.grid;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.voxell.lux.cluster.control.ChangeListeners;
import com.voxell.lux.cluster.control.ChangeText;
import com.voxell.lux.cluster.control.CompareAndSetWrites;
import com.voxell.lux.cluster.control.DocumentPages;
import com.voxell.lux.cluster.control.FollowedKeys;
import com.voxell.lux.cluster.control.ParsedChanges;
import com.voxell.lux.cluster.control.ReplicaGuard;
import com.voxell.lux.cluster.control.TextEntries;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.ChangeListener;
import com.voxell.lux.documents.control.Interest;
import com.voxell.lux.documents.control.Mutation;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.entity.Document;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Documents in a Hazelcast map with a backup on another member, so every node serves the same state
 * and one node's death loses nothing.
 *
 * <p>Each mutation is a compare-and-set on the entry's owner ({@link CompareAndSetWrites}). Only
 * text crosses the wire ({@link ChangeText}), never a Lux object, so the grid never needs the
 * application's class loader.
 *
 * <p>A write is acknowledged only while the grid has every backup in place ({@link ReplicaGuard}),
 * and only by a node that sees a quorum of members ({@link MemberQuorum}).
 *
 * <p>Each node listens to the map for what its subscribers follow ({@link FollowedKeys}): the
 * member that owns a document tests each change against every node's filter and sends it only where
 * it matches, so a node whose subscribers follow none of a write's documents spends nothing on it.
 * The grid delivers one key's events in order, on one of its event threads, and Lux's listeners run
 * right there: each only notes the change or queues it for its own thread (a subscriber's lane), so
 * none makes the grid wait, and a hand-off to another thread first would cost each node a wake-up
 * per change. A removal is first stored as a tombstone naming its reason (deleted or expired), then
 * removed.
 */
public final class HazelcastBackplane implements Backplane, AutoCloseable {

  public static final String MAP = "lux-documents";

  private static final String DISCARD = DiscardMergePolicy.class.getName();

  private static final System.Logger LOG = System.getLogger(HazelcastBackplane.class.getName());

  private final HazelcastInstance grid;
  private final IMap<String, String> documents;
  private final TextEntries entries;
  private final PartitionService partitions;

  /**
   * Documents whose latest text a node remembers, for the first try of its next write to each: as
   * many as Lux holds by default ({@code lux.max-documents}).
   */
  static final int REMEMBERED = 100_000;

  private final ParsedChanges parsed = new ParsedChanges(REMEMBERED);
  private final ChangeListeners listeners = new ChangeListeners();
  private final List<Runnable> ownershipListeners = new CopyOnWriteArrayList<>();
  private final FollowedKeys followed;
  private final ExecutorService narrowing;
  private final MemberQuorum quorum;
  private final ReplicaGuard guard;
  private final UUID membershipRegistration;
  private final UUID migrationRegistration;
  private final UUID lifecycleRegistration;
  private final UUID mergeRegistration;

  /** How often the guard asks the grid again while its backups are being made. */
  private static final Duration RECHECK = Duration.ofMillis(200);

  /** How long a write waits for the backups before it is refused. */
  private static final Duration PATIENCE = Duration.ofSeconds(1);

  public HazelcastBackplane(HazelcastInstance grid, MemberQuorum quorum, ThreadFactory threads) {
    requireBackup(grid);
    this.grid = grid;
    this.quorum = quorum;
    this.documents = TenantFreeMaps.of(grid, MAP);
    this.entries = TextEntries.of(documents);
    this.partitions = grid.getPartitionService();
    this.guard =
        new ReplicaGuard(
            grid.getCluster()::getMembers, partitions::isClusterSafe, threads, RECHECK, PATIENCE);
    this.narrowing = Executors.newSingleThreadExecutor(threads);
    Events events = new Events();
    this.followed =
        new FollowedKeys(
            new FollowedKeys.Registrar() {
              @Override
              public Object register(FollowedKeys.View view) {
                return view.everything()
                    ? documents.addEntryListener(events, true)
                    : documents.addEntryListener(events, filter(view), true);
              }

              @Override
              public void unregister(Object registration) {
                documents.removeEntryListener((UUID) registration);
              }
            },
            narrowing);
    OwnershipEvents ownership = new OwnershipEvents();
    this.membershipRegistration = grid.getCluster().addMembershipListener(ownership);
    this.migrationRegistration = partitions.addMigrationListener(ownership);
    this.lifecycleRegistration = grid.getLifecycleService().addLifecycleListener(ownership);
    this.mergeRegistration =
        grid.getLifecycleService()
            .addLifecycleListener(
                new MergeOffer(documents, grid.getCluster(), partitions, quorum.size(), threads));
  }

  /** Asks for one synchronous backup; refuses to run on a map configured with none. */
  private static void requireBackup(HazelcastInstance grid) {
    try {
      grid.getConfig()
          .addMapConfig(
              new MapConfig(MAP)
                  .setBackupCount(1)
                  // After a split heals, the side that merges in (the smaller) drops its entries:
                  // it refused writes (MemberQuorum), and its copies of documents the majority
                  // changed or deleted meanwhile would otherwise come back. What it held that is
                  // newer, or that a side without a quorum lost, it offers back (MergeOffer).
                  .setMergePolicyConfig(new MergePolicyConfig().setPolicy(DISCARD)));
    } catch (RuntimeException e) {
      // Configured already (by the server or another node): then its setting must keep a backup.
      LOG.log(System.Logger.Level.DEBUG, "map " + MAP + " configured elsewhere", e);
    }
    MapConfig config = grid.getConfig().findMapConfig(MAP);
    if (!DISCARD.equals(config.getMergePolicyConfig().getPolicy())) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the grid map '"
              + MAP
              + "' merges with "
              + config.getMergePolicyConfig().getPolicy()
              + ", not "
              + DISCARD
              + ": after a split heals, documents deleted on the majority may come back");
    }
    if (config.getBackupCount() + config.getAsyncBackupCount() < 1) {
      throw new IllegalStateException(
          "the grid map '"
              + MAP
              + "' is configured without a backup; a node's death would lose"
              + " documents");
    }
  }

  @Override
  public Outcome apply(String id, Mutation mutation) {
    return quorum.write(
        () -> guard.write(() -> CompareAndSetWrites.apply(entries, parsed, id, mutation)));
  }

  @Override
  public Document get(String id) {
    return parsed.current(id, documents.get(id));
  }

  @Override
  public List<Document> page(String prefix, String after, int limit) {
    Set<String> ids =
        prefix.isEmpty()
            ? documents.keySet()
            : documents.keySet(Predicates.regex("__key", Pattern.quote(prefix) + ".*"));
    return DocumentPages.page(ids, prefix, after, limit, documents::getAll, parsed);
  }

  @Override
  public void scan(int size, Consumer<List<Document>> batches) {
    DocumentPages.scan(documents.keySet(), size, documents::getAll, parsed, batches);
  }

  @Override
  public int size() {
    return documents.size();
  }

  /** The ids whose primary copy is on this member: each id's timers run on exactly one node. */
  @Override
  public Iterable<String> ownedIds() {
    return documents.localKeySet();
  }

  @Override
  public void onOwnershipChange(Runnable listener) {
    ownershipListeners.add(listener);
  }

  /**
   * Up while this member runs, the cluster takes writes and this member sees a quorum (readiness
   * follows it, so a load balancer sends no one to the minority side of a split).
   */
  @Override
  public boolean up() {
    try {
      return grid.getLifecycleService().isRunning()
          && grid.getCluster().getClusterState() == ClusterState.ACTIVE
          && quorum.met();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void listen(ChangeListener listener) {
    listeners.add(listener);
  }

  @Override
  public Interest interest() {
    return followed;
  }

  /**
   * The grid's own predicates only (the members that test them run none of Lux's classes): the key
   * is one of the ids, or starts with one of the prefixes.
   */
  private static Predicate<String, String> filter(FollowedKeys.View view) {
    List<Predicate<String, String>> any = new ArrayList<>();
    if (!view.ids().isEmpty()) {
      any.add(Predicates.in("__key", view.ids().toArray(String[]::new)));
    }
    for (String prefix : view.prefixes()) {
      any.add(Predicates.regex("__key", Pattern.quote(prefix) + ".*"));
    }
    return any.size() == 1 ? any.get(0) : Predicates.or(any.toArray(Predicate[]::new));
  }

  @Override
  public void close() {
    followed.close();
    narrowing.shutdownNow();
    grid.getCluster().removeMembershipListener(membershipRegistration);
    partitions.removeMigrationListener(migrationRegistration);
    grid.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
    grid.getLifecycleService().removeLifecycleListener(mergeRegistration);
    guard.close();
  }

  /**
   * Members coming or going move partitions between nodes, and a healed split merges this member's
   * side into the other (its entries replaced without an entry event); tells the ownership
   * listeners (which only note it and return) at the change, as the grid finishes moving replicas
   * here, and once this member has merged. Each of these also holds writes until the backups are in
   * place again.
   */
  private final class OwnershipEvents
      implements MembershipListener, MigrationListener, LifecycleListener {

    private void moved() {
      guard.changed();
      ownershipListeners.forEach(Runnable::run);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      moved();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      moved();
    }

    @Override
    public void migrationStarted(MigrationState state) {
      guard.changed();
    }

    @Override
    public void migrationFinished(MigrationState state) {
      moved();
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
      moved();
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
      guard.changed();
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        moved();
      } else if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
        guard.changed();
      }
    }
  }

  /** Runs on the grid's event threads: parses each event once and tells this node's listeners. */
  private final class Events
      implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      heard(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      heard(event);
    }

    private void heard(EntryEvent<String, String> event) {
      listeners.publish(parsed.change(event.getKey(), event.getValue()));
    }
  }
}
