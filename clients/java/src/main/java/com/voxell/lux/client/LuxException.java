package com.voxell.lux.client;

import java.time.Duration;

/**
 * Every refusal Lux answers, as its {@code application/problem+json} said it, and every failure to
 * reach Lux at all ({@link #status()} 0 then). One type for all, so a caller branches on {@link
 * #status()} or {@link #type()} rather than on exception classes.
 */
public final class LuxException extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;
  private final String detail;
  private final Duration retryAfter;
  private final String id;

  /**
   * @param status the HTTP status (or the stream error's), 0 when Lux could not be reached
   * @param type the problem type, e.g. {@code urn:lux:problem:rate-limited}; may be {@code null}
   * @param title the problem title
   * @param detail what to fix
   * @param retryAfter the {@code Retry-After} of a 429 or 503, or {@code null}
   * @param id the document the refusal concerns, when known
   */
  public LuxException(
      int status, String type, String title, String detail, Duration retryAfter, String id) {
    this(status, type, title, detail, retryAfter, id, null);
  }

  LuxException(
      int status,
      String type,
      String title,
      String detail,
      Duration retryAfter,
      String id,
      Throwable cause) {
    super(message(status, title, detail, id), cause);
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.retryAfter = retryAfter;
    this.id = id;
  }

  private static String message(int status, String title, String detail, String id) {
    return (status > 0 ? status + " " : "")
        + (title == null ? "" : title)
        + (detail == null ? "" : ": " + detail)
        + (id == null ? "" : " [" + id + "]");
  }

  /** Lux could not be reached, or the exchange failed before an answer. */
  static LuxException unreachable(String what, Throwable cause) {
    return new LuxException(0, null, "Lux unreachable", what + ": " + cause, null, null, cause);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }

  /** How long to wait before trying again (429, 503), or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The document concerned, or {@code null}. */
  public String id() {
    return id;
  }
}
