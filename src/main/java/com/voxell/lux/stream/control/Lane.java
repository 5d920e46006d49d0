package com.voxell.lux.stream.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One single-threaded fan-out lane. Every document is bound to one lane by its id's hash, and every
 * change, subscription and snapshot of that document runs on it in order (a change still waiting
 * when a newer one comes is replaced by it): that is what keeps per-document order without a lock
 * shared with writers, and what makes a snapshot consistent with the changes around it. All fields
 * but the waiting changes are confined to the lane's thread.
 */
final class Lane {

  private static final System.Logger LOG = System.getLogger(Lane.class.getName());

  private final ThreadPoolExecutor thread;
  private final Function<String, Document> lookup;
  private final StreamCounters counters;

  // The latest state this lane has passed on, per document: snapshots come from here, never from
  // the store, whose newer state may not have reached this lane's queue yet. The ids are also kept
  // sorted, for prefix snapshots; that set only changes when a document comes or goes.
  private final Map<String, Document> latest = new HashMap<>();
  private final TreeSet<String> latestIds = new TreeSet<>();
  private final Map<String, Set<Outbox>> byId = new HashMap<>();
  private final Map<String, Set<Outbox>> byPrefix = new HashMap<>();

  // Changes handed over but not yet passed on, at most one per document: a newer change replaces
  // the one still waiting (latest state wins, as in every subscriber's outbox). A lane that falls
  // behind a flood of writes so holds one change per document instead of every write, and skips
  // rendering states no one would see. Written by writers' threads, so concurrent.
  private final ConcurrentHashMap<String, Change> waiting = new ConcurrentHashMap<>();

  Lane(ThreadFactory threads, Function<String, Document> lookup, StreamCounters counters) {
    // An unbounded queue: the writer's thread only ever appends to it, it never waits.
    this.thread =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
    // Its one thread starts now and never dies (a failing task is logged, not thrown): a thread
    // started later, or one replacing a dead one, would run the task that started it ahead of the
    // tasks already queued, and this lane's order is what every snapshot and subscriber rely on.
    thread.prestartAllCoreThreads();
    this.lookup = lookup;
    this.counters = counters;
  }

  void execute(Runnable task) {
    counters.addQueued(1);
    thread.execute(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "stream lane task failed", e);
          } finally {
            counters.addQueued(-1);
          }
        });
  }

  /**
   * Takes a change on the writer's thread (under its document's lock, so one document's changes
   * come in order): it never waits. The change is passed on in its turn, unless a newer one of the
   * same document comes first and replaces it.
   */
  void offer(Change change) {
    String id = change.id();
    boolean queued =
        change.kind() == Change.Kind.EXTENDED
            ? waiting.merge(id, change, Lane::carryLease) == change
            : waiting.put(id, change) == null;
    if (queued) {
      execute(() -> changed(waiting.remove(id)));
    } else {
      counters.countConflated();
    }
  }

  /**
   * A live document's renewal that comes while an older change still waits only carries its lease
   * over to it: replacing it would leave that change unsent (the renewal has the same version and
   * data, but subscribers are not told of it).
   */
  private static Change carryLease(Change older, Change renewal) {
    return new Change(older.kind(), renewal.document());
  }

  /** Passes a change on to every subscriber of its document, serialized once. */
  private void changed(Change change) {
    String id = change.id();
    if (change.kind().removes()) {
      if (latest.remove(id) != null) {
        latestIds.remove(id);
      }
    } else {
      Document previous = latest.put(id, change.document());
      if (previous == null) {
        latestIds.add(id);
      } else if (isOlder(change.document(), previous)) {
        // a snapshot read from the store got ahead of the grid's events (see follow)
        latest.put(id, previous);
        return;
      }
    }
    List<Outbox> audience = audience(id);
    // A live document's renewal only moved its lease: the latest state above now carries it, for
    // later snapshots, and no subscriber is told (no new version, nothing to see).
    if (audience.isEmpty() || change.kind() == Change.Kind.EXTENDED) {
      return;
    }
    String text = StreamMessages.of(change);
    String key = StreamMessages.stateKey(change);
    // an update is timed from its write (updatedAt) when its send completes
    boolean update = change.kind() == Change.Kind.CREATED || change.kind() == Change.Kind.UPDATED;
    LatestStates.Message message =
        update
            ? new LatestStates.Message(text, change.document().updatedAt().toEpochMilli())
            : LatestStates.Message.untimed(text);
    for (Outbox outbox : audience) {
      outbox.offerState(id, key, message);
      if (change.kind().removes()) {
        outbox.forget(id);
      }
    }
    counters.countFannedOut(audience.size());
  }

  /** Within one epoch, versions order states; a new epoch comes only after a removal. */
  private static boolean isOlder(Document change, Document passedOn) {
    return change.epoch().equals(passedOn.epoch()) && change.version() < passedOn.version();
  }

  private List<Outbox> audience(String id) {
    Set<Outbox> direct = byId.get(id);
    if (byPrefix.isEmpty()) {
      return direct == null ? List.of() : new ArrayList<>(direct);
    }
    Set<Outbox> all = direct == null ? new LinkedHashSet<>() : new LinkedHashSet<>(direct);
    if (byPrefix.size() <= id.length()) {
      byPrefix.forEach(
          (prefix, outboxes) -> {
            if (id.startsWith(prefix)) {
              all.addAll(outboxes);
            }
          });
    } else {
      for (int end = 1; end <= id.length(); end++) {
        Set<Outbox> outboxes = byPrefix.get(id.substring(0, end));
        if (outboxes != null) {
          all.addAll(outboxes);
        }
      }
    }
    return new ArrayList<>(all);
  }

  /** Follows one document and offers its snapshot or {@code missing}; true when it exists. */
  boolean follow(Outbox outbox, String id, boolean timeline) {
    if (outbox.closed()) {
      return false;
    }
    if (byId.computeIfAbsent(id, key -> new LinkedHashSet<>()).add(outbox)) {
      counters.addRegistrations(1);
    }
    Document document = latest.get(id);
    if (document == null) {
      // Not passed on here yet. On a data grid the store can be ahead of this lane's events, so
      // the state read becomes this lane's latest, and the older changes still on their way are
      // then not passed on (see changed): no subscriber gets an older state after this snapshot.
      document = lookup.apply(id);
      if (document == null) {
        outbox.offerState(id, "missing", StreamMessages.missing(id));
        return false;
      }
      latest.put(id, document);
      latestIds.add(id);
    }
    outbox.offerState(
        id, StreamMessages.stateKey(document), StreamMessages.snapshot(document, timeline));
    return true;
  }

  void unfollow(Outbox outbox, String id) {
    Set<Outbox> outboxes = byId.get(id);
    if (outboxes != null && outboxes.remove(outbox)) {
      counters.addRegistrations(-1);
      if (outboxes.isEmpty()) {
        byId.remove(id);
      }
    }
  }

  /**
   * Follows every document of this lane under {@code prefix} and offers their snapshots; returns
   * how many there were. Each lane registers the prefix for its own documents.
   */
  int followPrefix(Outbox outbox, String prefix, boolean timeline) {
    if (outbox.closed()) {
      return 0;
    }
    if (byPrefix.computeIfAbsent(prefix, key -> new LinkedHashSet<>()).add(outbox)) {
      counters.addRegistrations(1);
    }
    int count = 0;
    for (String id : latestIds.tailSet(prefix, true)) {
      if (!id.startsWith(prefix)) {
        break;
      }
      Document document = latest.get(id);
      outbox.offerState(
          document.id(),
          StreamMessages.stateKey(document),
          StreamMessages.snapshot(document, timeline));
      count++;
    }
    return count;
  }

  void unfollowPrefix(Outbox outbox, String prefix) {
    Set<Outbox> outboxes = byPrefix.get(prefix);
    if (outboxes != null && outboxes.remove(outbox)) {
      counters.addRegistrations(-1);
      if (outboxes.isEmpty()) {
        byPrefix.remove(prefix);
      }
    }
  }

  void shutdown() {
    thread.shutdownNow();
  }
}
