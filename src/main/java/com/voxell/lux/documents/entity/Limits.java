package com.voxell.lux.documents.entity;

import java.io.Serializable;

/**
 * The bounds the store enforces.
 *
 * @param maxDocumentBytes largest serialized {@code data}, in bytes
 * @param maxDepth deepest nesting of {@code data} ({@code data} itself is depth 1)
 * @param maxDocuments most documents held at once
 * @param defaultTtlSeconds ttl of a document whose writes never named one
 * @param maxTtlSeconds largest ttl or lease a write may ask for
 */
public record Limits(
    int maxDocumentBytes,
    int maxDepth,
    int maxDocuments,
    long defaultTtlSeconds,
    long maxTtlSeconds)
    implements Serializable {

  /**
   * The defaults of {@code META-INF/microprofile-config.properties}, for code that runs without
   * configuration (tests, benchmarks); {@code ConfigDefaultsTest} keeps the two equal.
   */
  public static final Limits DEFAULTS = new Limits(65536, 32, 100_000, 86_400, 31_536_000);

  public Limits {
    if (maxDocumentBytes < 2 || maxDepth < 1 || maxDocuments < 1 || defaultTtlSeconds < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (maxTtlSeconds < defaultTtlSeconds) {
      throw new IllegalArgumentException("the largest ttl must not be below the default ttl");
    }
  }

  /** The largest request body worth reading: the document plus room for its envelope. */
  public int maxBodyBytes() {
    return maxDocumentBytes + 4096;
  }
}
