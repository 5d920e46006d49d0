package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.WriteOptions;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.problems.entity.Problem;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Turns a write body into a {@link WriteRequest}, refusing with a precise 400 anything that is not
 * exactly {@code {"data":{…}, "lease"?, "ttl"?, "stall"?}}. Nesting is counted while the tree is
 * read ({@link JsonTree}), so a deeply nested body costs no stack and is refused unbuilt.
 */
public final class WriteRequestReader {

  /** The fields of a write body; a batch write or a socket write adds its own. */
  public static final Set<String> FIELDS = Set.of("data", "lease", "ttl", "stall");

  private final Limits limits;

  public WriteRequestReader(Limits limits) {
    this.limits = limits;
  }

  /** Reads a PUT or PATCH body. */
  public WriteRequest read(byte[] body) {
    return fromEnvelope(parse(body, 1));
  }

  /**
   * Reads a lease renewal's body: empty (keep the document's lease) or exactly {@code {"lease":
   * seconds}} with at least one second; returns the seconds, or {@code null} for an empty body.
   */
  public Long readRenewal(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    JsonObject envelope = parse(body, 0);
    for (String field : envelope.keySet()) {
      if (!field.equals("lease")) {
        throw Problem.invalid(
            "Unknown field '" + field + "': a renewal has only an optional 'lease'.");
      }
    }
    return seconds(envelope, "lease", 1);
  }

  /**
   * Parses a JSON object whose documents sit {@code envelopeLevels} objects or arrays deep (1 for a
   * write body, whose {@code data} is inside the body object), refusing nesting past the limit.
   */
  public JsonObject parse(byte[] body, int envelopeLevels) {
    if (body.length == 0) {
      throw Problem.invalid("The body is empty; send a JSON object.");
    }
    return parse(strictUtf8(body), envelopeLevels);
  }

  /** {@link #parse(byte[], int)} for text that is already decoded (a WebSocket text message). */
  public JsonObject parse(String text, int envelopeLevels) {
    if (text.isEmpty()) {
      throw Problem.invalid("The body is empty; send a JSON object.");
    }
    try {
      JsonValue value =
          JsonTree.read(
              text,
              limits.maxDepth() + envelopeLevels,
              () ->
                  Problem.invalid(
                      "The data is nested deeper than "
                          + limits.maxDepth()
                          + " levels (data itself is level 1)."));
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw Problem.invalid("The body must be a JSON object.");
      }
      return value.asJsonObject();
    } catch (JsonParsingException e) {
      throw Problem.invalid(
          "Malformed JSON at line "
              + e.getLocation().getLineNumber()
              + ", column "
              + e.getLocation().getColumnNumber()
              + ".");
    } catch (JsonException e) {
      throw Problem.invalid("Malformed JSON: the body is not valid UTF-8 JSON text.");
    }
  }

  /**
   * Decodes the body as UTF-8 and refuses malformed bytes: a lenient decoder would silently store
   * U+FFFD in their place, and the agent would never learn its text was damaged.
   */
  private static String strictUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw Problem.invalid("The body is not valid UTF-8.");
    }
  }

  /**
   * Validates the fields of one write: {@code data}, {@code lease}, {@code ttl}, {@code stall} and
   * no other.
   */
  public WriteRequest fromEnvelope(JsonObject envelope) {
    for (String field : envelope.keySet()) {
      if (!FIELDS.contains(field)) {
        throw Problem.invalid(
            "Unknown field '"
                + field
                + "': a write has 'data' and optionally 'lease', 'ttl' and 'stall'.");
      }
    }
    return fromFields(envelope);
  }

  /**
   * Validates {@code data}, {@code lease}, {@code ttl} and {@code stall} of an object whose other
   * fields the caller checks (a write of a batch, a write over the socket).
   */
  public WriteRequest fromFields(JsonObject envelope) {
    JsonValue data = envelope.get("data");
    if (data == null || data.getValueType() != JsonValue.ValueType.OBJECT) {
      throw Problem.invalid("'data' is missing or not a JSON object.");
    }
    Long lease = seconds(envelope, "lease", 0);
    Long ttl = seconds(envelope, "ttl", 1);
    Long stall = seconds(envelope, "stall", 0);
    return new WriteRequest(data.asJsonObject(), new WriteOptions(lease, ttl, stall));
  }

  private Long seconds(JsonObject envelope, String field, long min) {
    JsonValue value = envelope.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        long seconds = number.longValueExact();
        if (seconds >= min && seconds <= limits.maxTtlSeconds()) {
          return seconds;
        }
      } catch (ArithmeticException e) {
        // out of range: answered below
      }
    }
    throw Problem.invalid(
        "'"
            + field
            + "' must be a whole number of seconds from "
            + min
            + " to "
            + limits.maxTtlSeconds()
            + ".");
  }
}
