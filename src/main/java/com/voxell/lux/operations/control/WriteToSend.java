package com.voxell.lux.operations.control;

import com.voxell.lux.documents.control.Timestamps;

/**
 * How long ago the write behind a stream {@code update} message was accepted, read from the message
 * itself when its send completes: the document's {@code updatedAt} is the store's clock at
 * acceptance (milliseconds). Reading it from the text keeps the stream's code free of timing
 * fields; the meta fields come before {@code data}, so the first {@code updatedAt} is the
 * document's. In a cluster the writer's node stamped it, so the figure includes clock skew.
 *
 * <p>A change fanned out to thousands of subscribers is one and the same String each time, so the
 * last message read is remembered by identity: the date is parsed once per change, not per send.
 */
public final class WriteToSend {

  private static final String UPDATE = "{\"type\":\"update\"";
  private static final String UPDATED_AT = "\"updatedAt\":\"";

  private record Read(String message, long acceptedAt) {}

  private volatile Read last = new Read(null, -1);

  /** Milliseconds from the write to {@code nowMillis}, or -1 when the message is no update. */
  public long millis(String message, long nowMillis) {
    Read read = last;
    if (read.message() != message) {
      read = new Read(message, acceptedAt(message));
      last = read;
    }
    return read.acceptedAt() < 0 ? -1 : Math.max(0, nowMillis - read.acceptedAt());
  }

  private static long acceptedAt(String message) {
    if (!message.startsWith(UPDATE)) {
      return -1;
    }
    int at = message.indexOf(UPDATED_AT);
    if (at < 0) {
      return -1;
    }
    int from = at + UPDATED_AT.length();
    int to = message.indexOf('"', from);
    if (to < 0) {
      return -1;
    }
    return Timestamps.parseMillis(message, from, to);
  }
}
