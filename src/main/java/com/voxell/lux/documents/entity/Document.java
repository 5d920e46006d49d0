package com.voxell.lux.documents.entity;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest state of one job, as Lux holds it.
 *
 * @param id the document id
 * @param version 1 on creation, +1 on every accepted write
 * @param epoch new whenever the document is (re)created; with the version it orders states
 * @param updatedAt server time of the last write, in milliseconds
 * @param writer name of the key or token subject that made the last write
 * @param leaseSeconds seconds without a write before the document turns stale; 0 means no lease
 * @param stale whether the lease lapsed since the last write
 * @param ttlSeconds seconds after the last write before the document is removed
 * @param data the object the agent wrote, exactly
 * @param insight what the broker derived from the writes (rate, ETA, stall, timeline), never part
 *     of {@code data}
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
    Insight insight) {

  public Document {
    Objects.requireNonNull(id);
    Objects.requireNonNull(epoch);
    Objects.requireNonNull(updatedAt);
    Objects.requireNonNull(writer);
    Objects.requireNonNull(data);
    Objects.requireNonNull(insight);
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

  public Instant expiresAt() {
    return updatedAt.plusSeconds(ttlSeconds);
  }

  public boolean hasLease() {
    return leaseSeconds > 0;
  }

  /** When the lease lapses unless the agent writes again (meaningful only with a lease). */
  public Instant leaseEndsAt() {
    return updatedAt.plusSeconds(leaseSeconds);
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
        id, version, epoch, updatedAt, writer, leaseSeconds, true, ttlSeconds, data, insight);
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
        insight.markedStalled());
  }
}
