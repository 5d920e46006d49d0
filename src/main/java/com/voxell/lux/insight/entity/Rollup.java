package com.voxell.lux.insight.entity;

import java.util.Map;
import java.util.Objects;

/**
 * The state of a fleet: every document under {@code prefix}, counted.
 *
 * @param prefix the ids counted start with this ({@code ""}: every document)
 * @param total documents under the prefix
 * @param byStatus documents per {@code status} word, in word order (those with no status are in the
 *     total only)
 * @param stale documents whose lease lapsed
 * @param stalled documents still written but not moving
 * @param waiting documents whose status is {@code waiting}
 * @param failed documents whose status is {@code failed}
 * @param oldestStale the stale document written least recently, or {@code null}
 * @param longestWaiting the document waiting since the earliest time, or {@code null}
 */
public record Rollup(
    String prefix,
    int total,
    Map<String, Integer> byStatus,
    int stale,
    int stalled,
    int waiting,
    int failed,
    String oldestStale,
    String longestWaiting) {

  public Rollup {
    Objects.requireNonNull(prefix);
    byStatus = Map.copyOf(byStatus);
  }
}
