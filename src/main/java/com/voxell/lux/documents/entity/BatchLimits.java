package com.voxell.lux.documents.entity;

/**
 * The bounds of one batch call.
 *
 * @param maxWrites most writes one batch may carry
 * @param maxBytes largest batch body, in bytes
 */
public record BatchLimits(int maxWrites, int maxBytes) {

  /** As {@link Limits#DEFAULTS}: the configuration file's defaults, kept equal by a test. */
  public static final BatchLimits DEFAULTS = new BatchLimits(1000, 4 * 1024 * 1024);

  public BatchLimits {
    if (maxWrites < 1 || maxBytes < 2) {
      throw new IllegalArgumentException("batch limits must be positive");
    }
  }
}
