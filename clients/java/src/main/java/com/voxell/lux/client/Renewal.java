package com.voxell.lux.client;

import java.time.Instant;

/**
 * What Lux answered to a lease renewal ({@code POST /api/lux/{id}/lease}): the document is live,
 * and its version, epoch and {@code updatedAt} are still those of the last write.
 *
 * @param id the document id
 * @param version the last write's version, unchanged by the renewal
 * @param epoch the document's epoch
 * @param updatedAt the last write's time, unchanged by the renewal
 * @param leaseExpiresAt when the document turns stale unless written or renewed first
 */
public record Renewal(
    String id, long version, String epoch, Instant updatedAt, Instant leaseExpiresAt) {}
