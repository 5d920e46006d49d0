package com.voxell.lux.documents.entity;

import java.io.Serializable;

/**
 * What a write says besides its data. A {@code null} lease or ttl keeps the document's current one
 * (or the default, on creation); a lease of 0 removes the lease.
 */
public record WriteOptions(Long leaseSeconds, Long ttlSeconds) implements Serializable {

  public static final WriteOptions NONE = new WriteOptions(null, null);
}
