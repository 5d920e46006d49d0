package com.voxell.lux.documents.control;

import java.util.concurrent.ThreadLocalRandom;

/**
 * New epochs: 48 random bits in base 36. An epoch only has to differ from the document's earlier
 * ones, so it needs no central counter and survives any node's restart.
 */
public final class Epochs {

  private Epochs() {}

  public static String next() {
    long bits = ThreadLocalRandom.current().nextLong() >>> 16;
    return Long.toString(bits, 36);
  }
}
