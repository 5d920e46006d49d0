package com.voxell.lux.stream.control;

import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.entity.StreamRequest;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a client's message on the multiplexed socket. Anything else than {@code
 * {"op":"subscribe"|"unsubscribe","ids":[…]}}, {@code {…,"prefix":"…"}} or {@code {…,"rollup":"…"}}
 * (a subscribe by ids or prefix may add {@code "timeline":true}) is a {@link Problem} with a
 * precise detail; the socket stays open.
 */
public final class StreamRequestReader {

  private static final Set<String> FIELDS = Set.of("op", "ids", "prefix", "rollup", "timeline");

  private StreamRequestReader() {}

  public static StreamRequest read(String text) {
    return read(parse(text));
  }

  /** Reads a message already parsed (the endpoint parses once, then tells writes from the rest). */
  public static StreamRequest read(JsonObject message) {
    for (String field : message.keySet()) {
      if (!FIELDS.contains(field)) {
        throw Problem.invalid(
            "Unknown field '" + field + "'; a message has op, ids, prefix, rollup or timeline.");
      }
    }
    StreamRequest.Op op = op(message.get("op"));
    boolean hasIds = message.containsKey("ids");
    boolean hasPrefix = message.containsKey("prefix");
    boolean hasRollup = message.containsKey("rollup");
    if ((hasIds ? 1 : 0) + (hasPrefix ? 1 : 0) + (hasRollup ? 1 : 0) != 1) {
      throw Problem.invalid(
          "Give exactly one of 'ids' (an array of ids), 'prefix' and 'rollup' (a prefix).");
    }
    boolean timeline = timeline(message, op, hasRollup);
    if (hasRollup) {
      return new StreamRequest(op, null, null, text(message, "rollup"), false);
    }
    if (hasPrefix) {
      return new StreamRequest(op, null, text(message, "prefix"), null, timeline);
    }
    return new StreamRequest(op, ids(message.get("ids")), null, null, timeline);
  }

  private static String text(JsonObject message, String field) {
    if (!(message.get(field) instanceof JsonString value)) {
      throw Problem.invalid("'" + field + "' must be a string.");
    }
    return value.getString();
  }

  private static boolean timeline(JsonObject message, StreamRequest.Op op, boolean rollup) {
    JsonValue value = message.get("timeline");
    if (value == null) {
      return false;
    }
    if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
      throw Problem.invalid("'timeline' must be true or false.");
    }
    if (op != StreamRequest.Op.SUBSCRIBE || rollup) {
      throw Problem.invalid("'timeline' belongs to a subscribe by ids or prefix.");
    }
    return value == JsonValue.TRUE;
  }

  private static JsonObject parse(String text) {
    try (JsonReader reader = JsonText.PROVIDER.createReader(new StringReader(text))) {
      JsonValue value = reader.readValue();
      if (!(value instanceof JsonObject object)) {
        throw Problem.invalid("A message must be a JSON object.");
      }
      return object;
    } catch (JsonException e) {
      throw Problem.invalid("The message is not valid JSON.");
    }
  }

  private static StreamRequest.Op op(JsonValue value) {
    if (value instanceof JsonString op) {
      switch (op.getString()) {
        case "subscribe":
          return StreamRequest.Op.SUBSCRIBE;
        case "unsubscribe":
          return StreamRequest.Op.UNSUBSCRIBE;
        default:
          break;
      }
    }
    throw Problem.invalid(
        "'op' must be \"subscribe\", \"unsubscribe\", or a write: \"put\", \"patch\", \"delete\".");
  }

  private static List<String> ids(JsonValue value) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw Problem.invalid("'ids' must be a non-empty array of document ids.");
    }
    List<String> ids = new ArrayList<>(array.size());
    for (JsonValue item : array) {
      if (!(item instanceof JsonString id)) {
        throw Problem.invalid("'ids' must hold strings only.");
      }
      ids.add(id.getString());
    }
    return ids;
  }
}
