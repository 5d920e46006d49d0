package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;

/**
 * The form a document's latest change takes in the grid: JSON text, so nothing but {@code String}
 * crosses the wire and any node (on any server, whatever its class loaders) can read it. The entry
 * holds the change, not only the state: a removal stays in the entry for a moment as a tombstone,
 * which is how every node learns whether a document was deleted or expired.
 */
public final class ChangeText {

  private ChangeText() {}

  public static String of(Change change) {
    Document document = change.document();
    return DocumentJson.text(
        DocumentJson.BUILDERS
            .createObjectBuilder()
            .add("change", change.kind().name())
            .add("id", document.id())
            .add("version", document.version())
            .add("epoch", document.epoch())
            .add("updatedAt", document.updatedAt().toEpochMilli())
            .add("writer", document.writer())
            .add("lease", document.leaseSeconds())
            .add("stale", document.stale())
            .add("ttl", document.ttlSeconds())
            .add("data", document.data())
            .add("insight", InsightText.of(document.insight()))
            .add("leaseFrom", document.leaseFrom().toEpochMilli())
            .build());
  }

  public static Change change(String text) {
    JsonObject json;
    try (var reader = DocumentJson.PROVIDER.createReader(new StringReader(text))) {
      json = reader.readObject();
    }
    Instant updatedAt = Instant.ofEpochMilli(json.getJsonNumber("updatedAt").longValue());
    // An entry written by a node of an older build has no leaseFrom: its lease ran from the write.
    JsonNumber leaseFrom = json.getJsonNumber("leaseFrom");
    Document document =
        new Document(
            json.getString("id"),
            json.getJsonNumber("version").longValue(),
            json.getString("epoch"),
            updatedAt,
            json.getString("writer"),
            json.getJsonNumber("lease").longValue(),
            json.getBoolean("stale"),
            json.getJsonNumber("ttl").longValue(),
            json.getJsonObject("data"),
            InsightText.insight(json.getJsonObject("insight")),
            leaseFrom == null ? updatedAt : Instant.ofEpochMilli(leaseFrom.longValue()));
    return new Change(Change.Kind.valueOf(json.getString("change")), document);
  }

  /** The document an entry holds: {@code null} for no entry or a tombstone. */
  public static Document current(String text) {
    if (text == null) {
      return null;
    }
    Change change = change(text);
    return change.kind().removes() ? null : change.document();
  }
}
