package com.voxell.lux.documents.control;

import com.voxell.lux.problems.entity.Problem;

/**
 * What document writes report to whoever meters them. Documents know only this interface (as
 * mercure's hub knows only its {@code Metrics}); {@link #NONE} is for writes nobody meters, and the
 * operations package implements it.
 */
public interface WriteMetrics {

  WriteMetrics NONE = new WriteMetrics() {};

  /**
   * One document write, by the status its single call answers (201 created, 204 deleted, another
   * 2xx updated, else refused).
   */
  default void written(int status) {}

  /** A refused request (HTTP answer or stream error). */
  default void refused(Problem.Kind kind) {}
}
