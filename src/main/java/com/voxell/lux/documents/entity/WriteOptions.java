package com.voxell.lux.documents.entity;

import java.io.Serializable;

/**
 * What a write says besides its data. A {@code null} lease, ttl or stall keeps the document's
 * current one (or the default, on creation); a lease of 0 removes the lease, a stall of 0 turns
 * stall detection off for the document.
 */
public record WriteOptions(Long leaseSeconds, Long ttlSeconds, Long stallSeconds)
    implements Serializable {

  public static final WriteOptions NONE = new WriteOptions(null, null, null);

  /** Options naming no stall time. */
  public WriteOptions(Long leaseSeconds, Long ttlSeconds) {
    this(leaseSeconds, ttlSeconds, null);
  }
}
