package com.voxell.lux.stream.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

  /**
   * How far apart two nodes' clocks may be, as the catch-up compares a write's time with its own.
   */
  private static final Duration CLOCKS = Duration.ofMillis(500);

  private final ThreadPoolExecutor thread;
  private final Function<String, Document> lookup;
  private final Consumer<Document> lost;
  private final StreamCounters counters;

  // The latest state this lane has passed on, per document its subscribers follow (by id or
  // prefix): snapshots come from here, never from the store, whose newer state may not have reached
  // this lane's queue yet. The ids are also kept sorted, for prefix snapshots; that set only
  // changes when a document comes or goes, or is followed or no longer.
  private final Map<String, Document> latest = new HashMap<>();
  private final TreeSet<String> latestIds = new TreeSet<>();
  private final Map<String, Set<Outbox>> byId = new HashMap<>();
  private final Map<String, Set<Outbox>> byPrefix = new HashMap<>();

  // Changes handed over but not yet passed on, at most one per document: a newer change replaces
  // the one still waiting (latest state wins, as in every subscriber's outbox). A lane that falls
  // behind a flood of writes so holds one change per document instead of every write, and skips
  // rendering states no one would see. Written by writers' threads, so concurrent.
  private final ConcurrentHashMap<String, Change> waiting = new ConcurrentHashMap<>();

  /**
   * @param lost told (on this lane's thread, so it only queues) of a state passed on here that the
   *     store no longer holds: a newer version than the store's, or a rival of the same version
   */
  Lane(
      ThreadFactory threads,
      Function<String, Document> lookup,
      Consumer<Document> lost,
      StreamCounters counters) {
    // An unbounded queue: the writer's thread only ever appends to it, it never waits.
    this.thread =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
    // Its one thread starts now and never dies (a failing task is logged, not thrown): a thread
    // started later, or one replacing a dead one, would run the task that started it ahead of the
    // tasks already queued, and this lane's order is what every snapshot and subscriber rely on.
    thread.prestartAllCoreThreads();
    this.lookup = lookup;
    this.lost = lost;
    this.counters = counters;
  }

  void execute(Runnable task) {
    counters.addQueued(1);
    try {
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
    } catch (RejectedExecutionException stopped) {
      // Only a lane that has shut down refuses (its queue is unbounded): the node is stopping, its
      // subscribers are closed, and the cluster's events still coming in have no one to reach.
      counters.addQueued(-1);
    }
  }

  /**
   * Takes a change on the writer's thread (under its document's lock, so one document's changes
   * come in order): it never waits. The change is passed on in its turn, unless a newer one of the
   * same document comes first and replaces it.
   */
  void offer(Change change) {
    String id = change.id();
    // merge returns the change itself only when nothing was waiting (successor never does)
    boolean queued = waiting.merge(id, change, Lane::successor) == change;
    if (queued) {
      execute(() -> changed(waiting.remove(id)));
    } else {
      counters.countConflated();
    }
  }

  /**
   * What waits once {@code later} comes while {@code waiting} still waits: the later change, unless
   * it is older (an event of a member that froze or left, arriving after its successor's), or a
   * live document's renewal, which only carries its lease over to the waiting change: replacing it
   * would leave that change unsent (the renewal has the same version and data, but subscribers are
   * not told of it). Never {@code later} itself, so {@link #offer} can tell it queued nothing.
   */
  private static Change successor(Change waiting, Change later) {
    if (later.kind() == Change.Kind.EXTENDED) {
      return new Change(waiting.kind(), later.document());
    }
    if (isOlder(later.document(), waiting.document())) {
      return waiting;
    }
    return new Change(later.kind(), later.document(), later.message());
  }

  /**
   * Passes a change on to every subscriber of its document, serialized once. A change of a document
   * no one here follows (the cluster sends a node what any of its listeners follows) and one heard
   * twice (see {@code FollowedKeys}) are dropped.
   */
  private void changed(Change change) {
    String id = change.id();
    if (change.kind().removes()) {
      if (latest.remove(id) == null) {
        return; // not followed here, or its removal passed on already
      }
      latestIds.remove(id);
    } else {
      if (!followed(id)) {
        return;
      }
      Document previous = latest.put(id, change.document());
      if (previous == null) {
        latestIds.add(id);
      } else if (isOlder(change.document(), previous)) {
        // a snapshot read from the store got ahead of the grid's events (see follow)
        latest.put(id, previous);
        return;
      } else if (rivals(change.document(), previous)) {
        // Two writes under one version: the grid lost one after its event came (ReissueMutation).
        // Subscribers that took the first ignore the second; the state the grid holds is re-issued.
        lost.accept(change.document());
      } else if (sameState(change.document(), previous) && change.kind() != Change.Kind.EXTENDED) {
        return; // passed on already (or read as a snapshot): subscribers hold it
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

  /**
   * Catch-up ({@link CatchUp}): passes on the state of each document read from the store that is
   * newer than the one passed on here. A newer version of the same epoch is passed on as read: a
   * live change still on its way is then older (and dropped) or newer (and sent after it). An older
   * one was overtaken by a live change if that change's write came after the read began; if it came
   * before, the grid may have lost it. That, and any other difference (a document this lane does
   * not hold, another epoch, the same version marked otherwise or written twice) may also be a read
   * that a live change passed on here since has overtaken: so the document is read once more, now,
   * on this lane, where no change of it can come in between.
   *
   * @param now when the store was read (see {@link #catchUpRemovals})
   */
  void catchUp(List<Document> read, Instant now) {
    for (Document document : read) {
      if (!followed(document.id())) {
        continue;
      }
      Document passedOn = latest.get(document.id());
      if (passedOn != null
          && passedOn.epoch().equals(document.epoch())
          && passedOn.version() < document.version()) {
        passOnCaughtUp(new Change(Change.Kind.UPDATED, document));
      } else if (passedOn == null
          || !sameState(document, passedOn) && !overtaken(document, passedOn, now)) {
        readAgain(document.id(), now);
      }
    }
  }

  /**
   * Catch-up: passes on the removal of each document passed on here that the store did not hold
   * when it was read, once a read now confirms it (it may have been created since).
   *
   * @param now when the store was read: a document gone and past its expiry by then expired, else
   *     it was deleted
   */
  void catchUpRemovals(Set<String> present, Instant now) {
    for (String id : new ArrayList<>(latestIds)) {
      if (!present.contains(id)) {
        readAgain(id, now);
      }
    }
  }

  private void readAgain(String id, Instant now) {
    Document passedOn = latest.get(id);
    Document current = lookup.apply(id);
    Change change;
    if (current == null) {
      if (passedOn == null) {
        return;
      }
      change =
          new Change(passedOn.expiredAt(now) ? Change.Kind.EXPIRED : Change.Kind.DELETED, passedOn);
    } else if (passedOn != null && (isOlder(current, passedOn) || rivals(current, passedOn))) {
      // Read after the state passed on here was stored and its event came, yet older or another:
      // the grid lost the state passed on (ReissueMutation). Subscribers keep it until the state
      // the grid holds comes back re-issued above it, as an ordinary change.
      lost.accept(passedOn);
      return;
    } else if (passedOn == null || !sameState(current, passedOn)) {
      change = new Change(kindBetween(passedOn, current), current);
    } else {
      return;
    }
    passOnCaughtUp(change);
  }

  private void passOnCaughtUp(Change change) {
    counters.countCaughtUp();
    changed(change);
  }

  /** The change that leads from a state passed on to a newer one, for its stream message. */
  private static Change.Kind kindBetween(Document passedOn, Document current) {
    if (passedOn != null
        && passedOn.epoch().equals(current.epoch())
        && passedOn.version() == current.version()
        && passedOn.stale() != current.stale()) {
      return current.stale() ? Change.Kind.STALE : Change.Kind.RENEWED;
    }
    return Change.Kind.UPDATED;
  }

  /**
   * Whether subscribers holding one would already hold the other (see StreamMessages#stateKey), and
   * it is the same write.
   */
  private static boolean sameState(Document one, Document other) {
    return one.version() == other.version()
        && one.epoch().equals(other.epoch())
        && one.updatedAt().equals(other.updatedAt())
        && one.stale() == other.stale()
        && one.insight().stalled() == other.insight().stalled();
  }

  /**
   * Two different writes under one version and epoch, which only a lost write makes. A lapsed
   * lease, a renewal and a stall keep the version and the time of the write they mark.
   */
  private static boolean rivals(Document one, Document other) {
    return one.version() == other.version()
        && one.epoch().equals(other.epoch())
        && !one.updatedAt().equals(other.updatedAt());
  }

  /**
   * A read older than the state passed on here, whose write came after the read began (nodes'
   * clocks may be {@link #CLOCKS} apart): only late, so a store under writes costs no second read.
   */
  private static boolean overtaken(Document read, Document passedOn, Instant readAt) {
    return isOlder(read, passedOn) && passedOn.updatedAt().isAfter(readAt.minus(CLOCKS));
  }

  /** Within one epoch, versions order states; a new epoch comes only after a removal. */
  private static boolean isOlder(Document change, Document passedOn) {
    return change.epoch().equals(passedOn.epoch()) && change.version() < passedOn.version();
  }

  /** Whether a subscriber here follows {@code id}, by id or by prefix. */
  private boolean followed(String id) {
    if (byId.containsKey(id)) {
      return true;
    }
    if (byPrefix.isEmpty()) {
      return false;
    }
    if (byPrefix.size() <= id.length()) {
      for (String prefix : byPrefix.keySet()) {
        if (id.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
    for (int end = 0; end <= id.length(); end++) {
      if (byPrefix.containsKey(id.substring(0, end))) {
        return true;
      }
    }
    return false;
  }

  /** Drops the latest state of a document no one here follows any more. */
  private void dropUnfollowed(String id) {
    if (!followed(id) && latest.remove(id) != null) {
      latestIds.remove(id);
    }
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
        dropUnfollowed(id);
      }
    }
  }

  /**
   * Follows every document of this lane under {@code prefix} and offers their snapshots; returns
   * how many there were. Each lane registers the prefix for its own documents.
   *
   * @param read when no one here followed the prefix yet: this lane's documents under it, read from
   *     the store while this lane waited (so no change of them can have come in between), which
   *     become the latest states; {@code null} when the prefix was followed here already
   */
  int followPrefix(Outbox outbox, String prefix, boolean timeline, List<Document> read) {
    if (read != null) {
      for (Document document : read) {
        String id = document.id();
        if (followed(id)) {
          // followed here already (by id or another prefix): a newer state goes to them too
          Document previous = latest.get(id);
          changed(
              new Change(
                  previous == null ? Change.Kind.CREATED : kindBetween(previous, document),
                  document));
        } else if (latest.put(id, document) == null) {
          latestIds.add(id);
        }
      }
    }
    if (outbox.closed()) {
      if (read != null && !byPrefix.containsKey(prefix)) {
        dropUnfollowedUnder(prefix);
      }
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
        dropUnfollowedUnder(prefix);
      }
    }
  }

  private void dropUnfollowedUnder(String prefix) {
    for (String id : new ArrayList<>(latestIds.tailSet(prefix, true))) {
      if (!id.startsWith(prefix)) {
        break;
      }
      dropUnfollowed(id);
    }
  }

  void shutdown() {
    thread.shutdownNow();
  }
}
