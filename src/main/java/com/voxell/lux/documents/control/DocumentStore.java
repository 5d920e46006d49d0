package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Page;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.documents.entity.WriteResult;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place that changes documents. It decides what each write, delete, lapsed lease and expiry
 * does; the {@link Backplane} makes each decision atomic and publishes it as a change.
 *
 * <p>A document's timers (lease, expiry, stall check) wait on the node that made its latest change,
 * and on the node that owns it once ids move (members come or go, or this node starts): so a node
 * needs no one else's changes to keep time, and a clustered node hears only the changes its
 * subscribers follow. A timer runs its decision against the document's current state under the
 * backplane's compare-and-set, so when two nodes hold a timer for one document (a write elsewhere
 * since, or an owner that read it again), the first decides and the second finds nothing due: each
 * lease lapses once, each expiry removes once.
 */
public final class DocumentStore {

  /** Largest page a listing may ask for. */
  public static final int MAX_PAGE = 1000;

  /**
   * How long after members come or go the timers are re-read from the backplane, once a second: the
   * grid moves ids between nodes for a while after the change itself.
   */
  static final long REINDEX_WINDOW_MILLIS = 30_000;

  /** How often the count of held documents is checked against the backplane's own count. */
  static final long RECOUNT_MILLIS = 10_000;

  /**
   * How often it is checked near the limit: a clustered node counts only its own creations and
   * removals between checks, so this bounds by how much the cluster may pass the limit.
   */
  static final long RECOUNT_NEAR_LIMIT_MILLIS = 1_000;

  private final Backplane backplane;
  private final Limits limits;
  private final InsightSettings insightSettings;
  private final Clock clock;
  private final RateLimiter rateLimiter;
  private final Deadlines deadlines = new Deadlines();
  // The backplane's count, moved by this node's own creations and removals between checks, so a
  // write never asks the grid to count.
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicLong reindexUntil = new AtomicLong(Long.MIN_VALUE);
  private volatile long nextReindex = Long.MAX_VALUE;
  private volatile long nextRecount;

  public DocumentStore(Backplane backplane, Limits limits, Clock clock) {
    this(backplane, limits, InsightSettings.DEFAULTS, clock);
  }

  public DocumentStore(
      Backplane backplane, Limits limits, InsightSettings insightSettings, Clock clock) {
    this(backplane, limits, insightSettings, clock, new LocalRateLimiter(clock));
  }

  public DocumentStore(
      Backplane backplane,
      Limits limits,
      InsightSettings insightSettings,
      Clock clock,
      RateLimiter rateLimiter) {
    this.backplane = backplane;
    this.limits = limits;
    this.insightSettings = insightSettings;
    this.clock = clock;
    this.rateLimiter = rateLimiter;
    backplane.onOwnershipChange(this::ownershipChanged);
    held.set(backplane.size());
    nextRecount = clock.millis() + RECOUNT_MILLIS;
    reindex();
  }

  public Limits limits() {
    return limits;
  }

  /** Applies a PUT or PATCH; throws a {@link Problem} and changes nothing when refused. */
  public WriteResult write(
      DocumentId id,
      WriteKind kind,
      WriteRequest request,
      Precondition precondition,
      Writer writer) {
    rateLimiter.acquire(writer);
    // Only a creation can pass the limit; the count is this node's own, so only a write at the
    // limit pays for asking whether its document exists.
    if (held.get() >= limits.maxDocuments() && backplane.get(id.value()) == null) {
      throw new Problem(
          Problem.Kind.DOCUMENT_LIMIT,
          "Lux holds " + limits.maxDocuments() + " documents, its limit; delete some first.");
    }
    WriteMutation mutation =
        new WriteMutation(
            id.value(),
            kind,
            request.data(),
            request.options(),
            precondition,
            writer.name(),
            now(),
            limits,
            insightSettings);
    Outcome outcome = made(id.value(), backplane.apply(id.value(), mutation));
    return new WriteResult(outcome.next(), outcome.kind() == Change.Kind.CREATED);
  }

  /**
   * Renews the document's lease from now without a write: {@code leaseSeconds} replaces its lease
   * when given. Counted as a write for the writer's rate; throws a {@link Problem} and changes
   * nothing when refused.
   *
   * @return the renewed state: same version, epoch, {@code updatedAt} and data
   */
  public Document renew(
      DocumentId id, Long leaseSeconds, Precondition precondition, Writer writer) {
    rateLimiter.acquire(writer);
    String key = id.value();
    return made(
            key, backplane.apply(key, new RenewMutation(key, leaseSeconds, precondition, now())))
        .next();
  }

  /** Deletes the document; subscribers learn it as {@code deleted}. */
  public void delete(DocumentId id, Precondition precondition, Writer writer) {
    rateLimiter.acquire(writer);
    String key = id.value();
    made(
        key,
        backplane.apply(
            key,
            current -> {
              if (current == null) {
                throw Problem.notFound(key);
              }
              precondition.check(current);
              return new Outcome(null, Change.Kind.DELETED);
            }));
  }

  public Document get(DocumentId id) {
    Document document = backplane.get(id.value());
    if (document == null) {
      throw Problem.notFound(id.value());
    }
    return document;
  }

  /** The current state, or {@code null} when the document does not exist. */
  public Document find(String id) {
    return backplane.get(id);
  }

  /** Documents whose ids start with {@code prefix}, after {@code after}, in id order. */
  public Page list(String prefix, String after, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw Problem.invalid("'limit' must be from 1 to " + MAX_PAGE + ".");
    }
    List<Document> found = backplane.page(prefix == null ? "" : prefix, after, limit + 1);
    if (found.size() <= limit) {
      return new Page(found, null);
    }
    List<Document> page = found.subList(0, limit);
    return new Page(page, page.get(limit - 1).id());
  }

  public int size() {
    return backplane.size();
  }

  /**
   * Marks documents whose lease lapsed as stale, marks live documents that stopped moving as
   * stalled, and removes expired ones: those whose timers wait here (see the class comment). Each
   * decision is made under the document's lock (its compare-and-set), so a write that lands
   * meanwhile wins, and a flip another node made first is not made again. Only documents that are
   * due are read.
   */
  public void sweep() {
    Instant now = now();
    long nowMillis = now.toEpochMilli();
    if (nowMillis >= nextReindex) {
      nextReindex = nowMillis < reindexUntil.get() ? nowMillis + 1000 : Long.MAX_VALUE;
      reindex();
    }
    if (nowMillis >= nextRecount) {
      int count = backplane.size();
      held.set(count);
      boolean near = count >= limits.maxDocuments() - limits.maxDocuments() / 10;
      nextRecount = nowMillis + (near ? RECOUNT_NEAR_LIMIT_MILLIS : RECOUNT_MILLIS);
    }
    for (String id : deadlines.takeDue(nowMillis)) {
      // Unchanged with a state: nothing was due after all (a write won, or another node's timer
      // flipped it first), and its next timer waits here too.
      made(id, backplane.apply(id, current -> due(current, now)));
    }
  }

  /** How many documents this node runs timers for. */
  int timed() {
    return deadlines.size();
  }

  /**
   * Keeps the timers and the count of what this node's change made: the document's next timer waits
   * here, and a removed one's is dropped.
   */
  private Outcome made(String id, Outcome outcome) {
    if (outcome.changed() && outcome.kind().removes()) {
      held.decrementAndGet();
    } else if (outcome.kind() == Change.Kind.CREATED) {
      held.incrementAndGet();
    }
    if (outcome.next() == null) {
      deadlines.forget(id); // removed, here or elsewhere: nothing left to time
    } else {
      schedule(outcome.next());
    }
    return outcome;
  }

  private void schedule(Document document) {
    deadlines.schedule(document.id(), document.nextDueMillis());
  }

  private void ownershipChanged() {
    long nowMillis = clock.millis();
    reindexUntil.set(nowMillis + REINDEX_WINDOW_MILLIS);
    nextReindex = nowMillis;
  }

  /** Reads the timers of every document this node owns now (at start, and when ids move). */
  private void reindex() {
    for (String id : backplane.ownedIds()) {
      Document document = backplane.get(id);
      if (document != null) {
        schedule(document);
      }
    }
  }

  private static Outcome due(Document current, Instant now) {
    if (current == null) {
      return Outcome.unchanged(null);
    }
    if (current.expiredAt(now)) {
      return new Outcome(null, Change.Kind.EXPIRED);
    }
    if (current.leaseLapsedAt(now)) {
      return new Outcome(current.markedStale(), Change.Kind.STALE);
    }
    if (current.stallDueAt(now)) {
      // A stalled job's subscribers get an update with the same version: only derived values moved.
      return new Outcome(current.markedStalled(), Change.Kind.UPDATED);
    }
    return Outcome.unchanged(current);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
