package com.voxell.lux.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;

/**
 * The body of a write: {@code {"data":…,"lease"?,"ttl"?,"stall"?}}, as single and batch writes send
 * it.
 */
final class Writes {

  private Writes() {}

  static String body(JsonObject data, WriteOptions options) {
    JsonObjectBuilder json = JsonText.BUILDERS.createObjectBuilder().add("data", data);
    addOptions(json, options);
    return JsonText.write(json.build());
  }

  static void addOptions(JsonObjectBuilder json, WriteOptions options) {
    add(json, "lease", options.lease());
    add(json, "ttl", options.ttl());
    add(json, "stall", options.stall());
  }

  private static void add(JsonObjectBuilder json, String field, Duration value) {
    if (value != null) {
      json.add(field, JsonText.seconds(value));
    }
  }
}
