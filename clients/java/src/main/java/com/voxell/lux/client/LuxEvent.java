package com.voxell.lux.client;

/**
 * What a watch's listener is told about one document (or, for {@link Type#ERROR}, about a
 * subscription). Per document, a listener gets states in order and never one older than a state it
 * got; while it is busy, newer events replace the ones it has not been given yet.
 *
 * @param type what happened
 * @param id the document, or {@code null} for an error that concerns none
 * @param state the document's newest state ({@code null} for {@link Type#DELETED} and {@link
 *     Type#ERROR})
 * @param reason for {@link Type#DELETED}: {@code deleted}, {@code expired} or {@code missing} (gone
 *     while the client was disconnected)
 * @param error for {@link Type#ERROR}: the refusal
 */
public record LuxEvent(
    Type type, String id, DocumentState state, String reason, LuxException error) {

  /** The kinds of event. */
  public enum Type {
    /** The state when the watch started (or after a reconnect). */
    SNAPSHOT,
    /** A write changed the document. */
    UPDATE,
    /** The lease lapsed: no word from the agent ({@code state().stale()} is true). */
    STALE,
    /** A stale document's lease was renewed without a write: live again. */
    RENEWED,
    /** The document is gone. */
    DELETED,
    /** Lux refused a subscription or the credential. */
    ERROR
  }
}
