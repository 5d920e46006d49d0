package com.voxell.lux.documents.entity;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest state of one job, as Lux holds it.
 *
 * @param id the document id
 * @param version 1 on creation, +1 on every accepted write (and on a re-issue, see {@link
 *     #reissuedAs})
 * @param epoch new whenever the document is (re)created; with the version it orders states
 * @param updatedAt server time of the last write, in milliseconds
 * @param writer name of the key or token subject that made the last write
 * @param leaseSeconds seconds without a write or renewal before the document turns stale; 0 means
 *     no lease
 * @param stale whether the lease lapsed since the last write or renewal
 * @param ttlSeconds seconds after the last write or renewal before the document is removed
 * @param data the object the agent wrote, exactly
 * @param insight what the broker derived from the writes (rate, ETA, stall, timeline), never part
 *     of {@code data}
 * @param leaseFrom when the lease (and the ttl) last started: the last write, or a later renewal,
 *     which moves it without touching {@code updatedAt}
 */
public record Document(
    String id,
    long version,
    String epoch,
    Instant updatedAt,
    String writer,
    long leaseSeconds,
    boolean stale,
    long ttlSeconds,
    JsonObject data,
    Insight insight,
    Instant leaseFrom) {

  public Document {
    Objects.requireNonNull(id);
    Objects.requireNonNull(epoch);
    Objects.requireNonNull(updatedAt);
    Objects.requireNonNull(leaseFrom);
    Objects.requireNonNull(writer);
    Objects.requireNonNull(data);
    Objects.requireNonNull(insight);
  }

  /** A document whose lease runs from its last write. */
  public Document(
      String id,
      long version,
      String epoch,
      Instant updatedAt,
      String writer,
      long leaseSeconds,
      boolean stale,
      long ttlSeconds,
      JsonObject data,
      Insight insight) {
    this(
        id,
        version,
        epoch,
        updatedAt,
        writer,
        leaseSeconds,
        stale,
        ttlSeconds,
        data,
        insight,
        updatedAt);
  }

  /** A document with nothing derived yet. */
  public Document(
      String id,
      long version,
      String epoch,
      Instant updatedAt,
      String writer,
      long leaseSeconds,
      boolean stale,
      long ttlSeconds,
      JsonObject data) {
    this(
        id, version, epoch, updatedAt, writer, leaseSeconds, stale, ttlSeconds, data, Insight.NONE);
  }

  /** The entity tag of this state: {@code "<epoch>.<version>"}, quotes included. */
  public String etag() {
    return "\"" + epoch + "." + version + "\"";
  }

  /** The ttl runs from the last write or renewal: a job whose agent still renews is kept. */
  public Instant expiresAt() {
    return leaseFrom.plusSeconds(ttlSeconds);
  }

  /** When the lease lapses unless written or renewed first; meaningful only with a lease. */
  public Instant leaseEndsAt() {
    return leaseFrom.plusSeconds(leaseSeconds);
  }

  public boolean hasLease() {
    return leaseSeconds > 0;
  }

  /** Whether the lease has lapsed at {@code now} but the document is not yet marked stale. */
  public boolean leaseLapsedAt(Instant now) {
    return hasLease() && !stale && !now.isBefore(leaseEndsAt());
  }

  /**
   * The first moment (epoch ms) at which a timer has something to do for this state: it expires,
   * its lease lapses or it stalls. Only a change can move it, so it is computed once per change.
   */
  public long nextDueMillis() {
    long due = expiresAt().toEpochMilli();
    if (!stale) {
      due = Math.min(due, insight.stallDueMillis(updatedAt));
      if (hasLease()) {
        due = Math.min(due, leaseEndsAt().toEpochMilli());
      }
    }
    return due;
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt());
  }

  public Document markedStale() {
    return new Document(
        id,
        version,
        epoch,
        updatedAt,
        writer,
        leaseSeconds,
        true,
        ttlSeconds,
        data,
        insight,
        leaseFrom);
  }

  /**
   * The same state with a lease of {@code seconds} running from {@code now}, live again: version,
   * epoch, {@code updatedAt}, writer and data stay as they are.
   */
  public Document renewed(Instant now, long seconds) {
    return new Document(
        id, version, epoch, updatedAt, writer, seconds, false, ttlSeconds, data, insight, now);
  }

  /**
   * The same state under {@code version}, when the cluster lost a newer version than the one it
   * holds after subscribers were sent it: re-issued above it, the state it holds is the one they
   * take (they never take an older version after a newer one).
   */
  public Document reissuedAs(long version) {
    return new Document(
        id,
        version,
        epoch,
        updatedAt,
        writer,
        leaseSeconds,
        stale,
        ttlSeconds,
        data,
        insight,
        leaseFrom);
  }

  /** Whether writes keep arriving but the job has not moved for its stall time (and is live). */
  public boolean stallDueAt(Instant now) {
    return !stale && insight.stallDueAt(now, updatedAt);
  }

  /** The same state, marked stalled: no new version, since no one wrote. */
  public Document markedStalled() {
    return new Document(
        id,
        version,
        epoch,
        updatedAt,
        writer,
        leaseSeconds,
        stale,
        ttlSeconds,
        data,
        insight.markedStalled(),
        leaseFrom);
  }
}
