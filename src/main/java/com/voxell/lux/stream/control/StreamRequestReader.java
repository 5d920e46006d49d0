package com.voxell.lux.stream.control;

import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.entity.StreamRequest;
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
 * {"op":"subscribe"|"unsubscribe","ids":[…]}} or {@code {…,"prefix":"…"}} is a {@link Problem} with
 * a precise detail; the socket stays open.
 */
public final class StreamRequestReader {

  private static final Set<String> FIELDS = Set.of("op", "ids", "prefix");

  private StreamRequestReader() {}

  public static StreamRequest read(String text) {
    return read(parse(text));
  }

  /** Reads a message already parsed (the endpoint parses once, then tells writes from the rest). */
  public static StreamRequest read(JsonObject message) {
    for (String field : message.keySet()) {
      if (!FIELDS.contains(field)) {
        throw Problem.invalid("Unknown field '" + field + "'; a message has op, ids or prefix.");
      }
    }
    StreamRequest.Op op = op(message.get("op"));
    boolean hasIds = message.containsKey("ids");
    boolean hasPrefix = message.containsKey("prefix");
    if (hasIds == hasPrefix) {
      throw Problem.invalid("Give exactly one of 'ids' (an array of ids) and 'prefix'.");
    }
    if (hasPrefix) {
      if (!(message.get("prefix") instanceof JsonString prefix)) {
        throw Problem.invalid("'prefix' must be a string.");
      }
      return new StreamRequest(op, null, prefix.getString());
    }
    return new StreamRequest(op, ids(message.get("ids")), null);
  }

  private static JsonObject parse(String text) {
    try (JsonReader reader = DocumentJson.PROVIDER.createReader(new StringReader(text))) {
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
