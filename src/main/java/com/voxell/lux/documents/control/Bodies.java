package com.voxell.lux.documents.control;

import com.voxell.lux.problems.entity.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies, refusing with 413 as soon as one passes its limit. */
public final class Bodies {

  private Bodies() {}

  public static byte[] read(InputStream body, int maxBytes) {
    try {
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw Problem.tooLarge("The body is larger than " + maxBytes + " bytes.");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
