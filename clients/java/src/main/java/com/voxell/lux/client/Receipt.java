package com.voxell.lux.client;

import java.time.Instant;

/**
 * What Lux answered to an accepted write: the state the document is in now.
 *
 * @param id the document id
 * @param version 1 on creation, +1 on every accepted write
 * @param epoch new whenever the document is (re)created
 * @param updatedAt the server's time of the write
 */
public record Receipt(String id, long version, String epoch, Instant updatedAt) {

  /** The entity tag of this state, {@code "<epoch>.<version>"} with its quotes: for If-Match. */
  public String etag() {
    return "\"" + epoch + "." + version + "\"";
  }
}
