package com.voxell.lux.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Objects;

/**
 * One write of a {@link LuxClient#batch batch}: a {@code put}, {@code patch} or {@code delete} of
 * one document, with its options ({@code ifMatch} only, for a delete).
 *
 * @param op {@code put}, {@code patch} or {@code delete}
 * @param id the document
 * @param data the data (put) or merge patch (patch); {@code null} for a delete
 * @param options lease, ttl, stall, ifMatch
 */
public record BatchWrite(String op, String id, JsonObject data, WriteOptions options) {

  public BatchWrite {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(id, "id");
    options = options == null ? WriteOptions.NONE : options;
  }

  public static BatchWrite put(String id, JsonObject data, WriteOptions options) {
    return new BatchWrite("put", id, Objects.requireNonNull(data, "data"), options);
  }

  public static BatchWrite patch(String id, JsonObject partial, WriteOptions options) {
    return new BatchWrite("patch", id, Objects.requireNonNull(partial, "partial"), options);
  }

  public static BatchWrite delete(String id, String ifMatch) {
    return new BatchWrite("delete", id, null, WriteOptions.NONE.ifMatch(ifMatch));
  }

  JsonObject toJson() {
    JsonObjectBuilder json = JsonText.BUILDERS.createObjectBuilder().add("id", id).add("op", op);
    if (data != null) {
      json.add("data", data);
    }
    Writes.addOptions(json, options);
    if (options.ifMatch() != null) {
      json.add("ifMatch", options.ifMatch());
    }
    return json.build();
  }
}
