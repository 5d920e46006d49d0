package com.voxell.lux.documents.entity;

import java.io.Serializable;

/**
 * One finished stretch of a job's timeline: the {@code step} and {@code status} it had from {@code
 * startedAt} until {@code endedAt} (epoch milliseconds). Either may be {@code null}.
 */
public record TimelineEntry(String step, String status, long startedAt, long endedAt)
    implements Serializable {

  public long durationMs() {
    return endedAt - startedAt;
  }
}
