package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.time.Instant;

/**
 * The form a document's latest change takes in the grid: JSON text, so nothing but {@code String}
 * crosses the wire and any node (on any server, whatever its class loaders) can read it. The entry
 * holds the change, not only the state: a removal stays in the entry for a moment as a tombstone,
 * which is how every node learns whether a document was deleted or expired.
 *
 * <p>A write's entry is two lines: what Lux keeps beside the data (version, lease, ttl, insight…),
 * then the {@code update} message subscribers get, which carries the data. Every node passes that
 * second line to its subscribers as it is, so a change is rendered once in the cluster, on the node
 * that wrote it, and its data crosses the wire once. (JSON text never holds a raw line break.)
 */
public final class ChangeText {

  private ChangeText() {}

  /**
   * The change with its subscribers' {@code update} message rendered, when it is a write: the
   * writing node keeps this one, so its own lane sends the text the grid carries instead of
   * rendering it a second time.
   */
  public static Change rendered(Change change) {
    return isUpdate(change) && change.message() == null
        ? new Change(change.kind(), change.document(), DocumentJson.update(change.document()))
        : change;
  }

  private static boolean isUpdate(Change change) {
    return change.kind() == Change.Kind.CREATED || change.kind() == Change.Kind.UPDATED;
  }

  public static String of(Change change) {
    Document document = change.document();
    boolean update = isUpdate(change);
    JsonObjectBuilder kept =
        JsonText.BUILDERS
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
            .add("insight", InsightText.of(document.insight()))
            .add("leaseFrom", document.leaseFrom().toEpochMilli());
    if (!update) {
      return JsonText.text(kept.add("data", document.data()).build());
    }
    return JsonText.text(kept.build()) + '\n' + rendered(change).message();
  }

  public static Change change(String text) {
    int lineBreak = text.indexOf('\n');
    String message = lineBreak < 0 ? null : text.substring(lineBreak + 1);
    JsonObject json;
    try (var reader =
        JsonText.PROVIDER.createReader(
            new StringReader(lineBreak < 0 ? text : text.substring(0, lineBreak)))) {
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
            message == null ? json.getJsonObject("data") : dataOf(message),
            InsightText.insight(json.getJsonObject("insight")),
            leaseFrom == null ? updatedAt : Instant.ofEpochMilli(leaseFrom.longValue()));
    return new Change(Change.Kind.valueOf(json.getString("change")), document, message);
  }

  /** The {@code data} of an {@code update} message, read without building the rest of it. */
  private static JsonObject dataOf(String message) {
    try (JsonParser parser = JsonText.PROVIDER.createParser(new StringReader(message))) {
      parser.next(); // the message object
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        if (event == JsonParser.Event.KEY_NAME && parser.getString().equals("data")) {
          parser.next();
          return parser.getObject();
        }
        if (event == JsonParser.Event.START_OBJECT) {
          parser.skipObject(); // derived: not needed, so never built
        } else if (event == JsonParser.Event.START_ARRAY) {
          parser.skipArray();
        }
      }
    }
    throw new IllegalArgumentException("an update message without data");
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
