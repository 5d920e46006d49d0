package com.voxell.lux.documents.entity;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * A parsed write body: the data (a whole state for PUT, a merge patch for PATCH) and its options.
 */
public record WriteRequest(JsonObject data, WriteOptions options) {

  public WriteRequest {
    Objects.requireNonNull(data);
    Objects.requireNonNull(options);
  }
}
