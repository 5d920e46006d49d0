package com.voxell.lux.documents.entity;

import java.io.Serializable;

/**
 * How much the broker remembers to derive a job's rate, stall and timeline.
 *
 * @param windowSize progress samples kept per document for the rate (at least 2)
 * @param timelineSize finished timeline entries kept per document
 * @param defaultStallSeconds how long writes may leave progress, step and status unchanged before
 *     the job counts as stalled, unless a write names its own {@code stall}; 0 = never
 */
public record InsightSettings(int windowSize, int timelineSize, long defaultStallSeconds)
    implements Serializable {

  /** As {@link Limits#DEFAULTS}: the configuration file's defaults, kept equal by a test. */
  public static final InsightSettings DEFAULTS = new InsightSettings(8, 50, 300);

  public InsightSettings {
    if (windowSize < 2 || timelineSize < 0 || defaultStallSeconds < 0) {
      throw new IllegalArgumentException(
          "the window needs at least 2 samples; timeline size and stall must not be negative");
    }
  }
}
