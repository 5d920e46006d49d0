package com.voxell.lux.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * One state of a document, as {@code GET} and the stream's {@code snapshot} and {@code update}
 * carry it. States of one document are ordered by ({@code epoch}, {@code version}); a new epoch
 * always wins.
 *
 * @param id the document id
 * @param version 1 on creation, +1 on every accepted write
 * @param epoch new whenever the document is (re)created
 * @param updatedAt the last write's time
 * @param writer the key or token subject of the last write
 * @param stale whether the lease lapsed with no write or renewal
 * @param lease the lease in seconds, 0 without one
 * @param expiresAt when the document is removed unless written (or renewed) first
 * @param data the object the agent wrote
 * @param derived what Lux derived ({@code stalled}, {@code rate}, {@code eta}…); empty when absent
 */
public record DocumentState(
    String id,
    long version,
    String epoch,
    Instant updatedAt,
    String writer,
    boolean stale,
    long lease,
    Instant expiresAt,
    JsonObject data,
    JsonObject derived) {

  static DocumentState of(JsonObject json) {
    JsonValue data = json.get("data");
    JsonValue derived = json.get("derived");
    return new DocumentState(
        JsonText.string(json, "id"),
        JsonText.number(json, "version", 0),
        JsonText.string(json, "epoch"),
        JsonText.instant(json, "updatedAt"),
        JsonText.string(json, "writer"),
        json.getBoolean("stale", false),
        JsonText.number(json, "lease", 0),
        JsonText.instant(json, "expiresAt"),
        data instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT,
        derived instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT);
  }

  /**
   * The same state with {@code stale} set as given (a {@code stale} or {@code renewed} message).
   */
  DocumentState withStale(boolean value) {
    return new DocumentState(
        id, version, epoch, updatedAt, writer, value, lease, expiresAt, data, derived);
  }

  /** The {@code data} field's text, or {@code null} (the conventional status, step, summary). */
  public String text(String field) {
    return JsonText.string(data, field);
  }

  /** The conventional {@code progress} (0-100), or -1 without one. */
  public double progress() {
    JsonValue value = data.get("progress");
    return value instanceof jakarta.json.JsonNumber number ? number.doubleValue() : -1;
  }
}
