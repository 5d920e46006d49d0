package com.voxell.lux.documents.entity;

/**
 * Who makes a write: the key or token name recorded as the document's {@code writer}, and the
 * writes per second it may make (0 = unlimited).
 */
public record Writer(String name, double writesPerSecond) {

  public static Writer unlimited(String name) {
    return new Writer(name, 0);
  }
}
