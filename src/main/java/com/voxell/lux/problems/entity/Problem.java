package com.voxell.lux.problems.entity;

import java.util.Objects;

/**
 * A request Lux refuses, with the HTTP status and a precise detail. Thrown by control code;
 * rendered as {@code application/problem+json} (HTTP) or as an {@code error} message (stream).
 */
public class Problem extends RuntimeException {

  /** The kinds of refusal, each with its status and a stable type slug. */
  public enum Kind {
    INVALID(400, "invalid-request", "Invalid request"),
    UNAUTHORIZED(401, "unauthorized", "Credential missing or not recognized"),
    FORBIDDEN(403, "forbidden", "Not allowed for this credential"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    NO_LEASE(409, "no-lease", "No lease to renew"),
    PRECONDITION_FAILED(412, "precondition-failed", "The document has moved on"),
    TOO_LARGE(413, "too-large", "Too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported content type"),
    RATE_LIMITED(429, "rate-limited", "Too many writes"),
    INTERNAL(500, "internal", "Internal error"),
    UNAVAILABLE(503, "unavailable", "Service unavailable"),
    DOCUMENT_LIMIT(507, "document-limit", "Document limit reached");

    public final int status;
    public final String slug;
    public final String title;

    Kind(int status, String slug, String title) {
      this.status = status;
      this.slug = slug;
      this.title = title;
    }

    /** The problem {@code type} URI, documented in docs/PROTOCOL.md. */
    public String type() {
      return "urn:lux:problem:" + slug;
    }

    public static Kind ofStatus(int status) {
      for (Kind kind : values()) {
        if (kind.status == status) {
          return kind;
        }
      }
      return status >= 500 ? INTERNAL : INVALID;
    }
  }

  private final Kind kind;
  private final long retryAfterSeconds;

  public Problem(Kind kind, String detail) {
    this(kind, detail, 0);
  }

  private Problem(Kind kind, String detail, long retryAfterSeconds) {
    super(Objects.requireNonNull(detail), null, false, false);
    this.kind = Objects.requireNonNull(kind);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static Problem invalid(String detail) {
    return new Problem(Kind.INVALID, detail);
  }

  public static Problem forbidden(String detail) {
    return new Problem(Kind.FORBIDDEN, detail);
  }

  public static Problem notFound(String id) {
    return new Problem(Kind.NOT_FOUND, "No document '" + id + "'.");
  }

  public static Problem tooLarge(String detail) {
    return new Problem(Kind.TOO_LARGE, detail);
  }

  public static Problem rateLimited(String detail, long retryAfterSeconds) {
    return new Problem(Kind.RATE_LIMITED, detail, Math.max(1, retryAfterSeconds));
  }

  /** The node cannot take this request now (starting, stopping, or cut off from its cluster). */
  public static Problem unavailable(String detail, long retryAfterSeconds) {
    return new Problem(Kind.UNAVAILABLE, detail, Math.max(1, retryAfterSeconds));
  }

  /**
   * 503 for a change the cluster could not confirm ({@code why}): it may or may not have been
   * applied, so the client retries rather than trusting either.
   */
  public static Problem unconfirmed(String why, long retryAfterSeconds) {
    return unavailable(why + "; it may or may not have been applied. Retry.", retryAfterSeconds);
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return kind.status;
  }

  public String detail() {
    return getMessage();
  }

  /** Seconds a client should wait before trying again; 0 when the request should not be retried. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
