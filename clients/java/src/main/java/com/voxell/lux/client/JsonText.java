package com.voxell.lux.client;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * JSON text in and out. The provider and its factories are looked up once: the static {@code
 * jakarta.json.Json} methods look the provider up on every call.
 */
final class JsonText {

  static final JsonProvider PROVIDER = JsonProvider.provider();
  static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

  private JsonText() {}

  static JsonValue parse(String text) {
    try (var reader = PROVIDER.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  static String write(JsonValue value) {
    StringWriter out = new StringWriter(128);
    try (var writer = PROVIDER.createWriter(out)) {
      writer.write(value);
    }
    return out.toString();
  }

  static String string(JsonObject object, String field) {
    JsonValue value = object.get(field);
    return value instanceof JsonString text ? text.getString() : null;
  }

  static long number(JsonObject object, String field, long otherwise) {
    JsonValue value = object.get(field);
    return value instanceof JsonNumber number ? number.longValue() : otherwise;
  }

  static Instant instant(JsonObject object, String field) {
    String text = string(object, field);
    return text == null ? null : Instant.parse(text);
  }

  /** A duration as the whole seconds Lux takes (rounded up, so a lease never shrinks). */
  static long seconds(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() > 0 ? seconds + 1 : seconds;
  }
}
