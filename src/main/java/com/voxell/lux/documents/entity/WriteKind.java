package com.voxell.lux.documents.entity;

/** How a write's data meets the current state. */
public enum WriteKind {
  /** The data replaces the state. */
  PUT,
  /** The data is an RFC 7396 merge patch applied to the state (to {@code {}} when absent). */
  PATCH
}
