package com.voxell.lux.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies, refusing one as soon as it passes its limit with {@link TooLarge}, which
 * the problems package answers with 413.
 */
public final class Bodies {

  /**
   * How much of a too-large body is read and dropped before the 413: some clients (Java's
   * HttpClient among them) read the answer only after sending their whole body, and hang when the
   * server stops reading. Past this the server closes the connection instead.
   */
  static final int DRAIN_BYTES = 2 * 1024 * 1024;

  private Bodies() {}

  public static byte[] read(InputStream body, int maxBytes) {
    try {
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        drain(body);
        throw new TooLarge("The body is larger than " + maxBytes + " bytes.");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drain(InputStream body) throws IOException {
    byte[] buffer = new byte[8192];
    long dropped = 0;
    int read;
    while (dropped < DRAIN_BYTES && (read = body.read(buffer)) > 0) {
      dropped += read;
    }
  }

  /** A body past its limit; its message is the problem's detail. */
  public static final class TooLarge extends RuntimeException {
    TooLarge(String detail) {
      super(detail, null, false, false);
    }
  }
}
