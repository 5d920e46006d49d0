package com.voxell.lux.access.control;

import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.access.entity.TokenRequest;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.wire.JsonTree;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/lux/tokens}: {@code {"ids"?, "prefixes"?, "scopes"?, "ttl"?,
 * "writesPerSecond"?}}, refusing anything else with a precise 400. The body is at most two levels
 * deep, checked while it is read.
 */
public final class TokenRequestReader {

  /** A token request is a few ids and words; nothing larger is read. */
  public static final int MAX_BODY_BYTES = 16_384;

  private static final Set<String> FIELDS =
      Set.of("ids", "prefixes", "scopes", "ttl", "writesPerSecond");

  private TokenRequestReader() {}

  public static TokenRequest read(byte[] body) {
    JsonObject request = parse(body);
    for (String field : request.keySet()) {
      if (!FIELDS.contains(field)) {
        throw Problem.invalid(
            "Unknown field '"
                + field
                + "': a token request has "
                + FIELDS.stream().sorted().toList()
                + ".");
      }
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String scope : strings(request, "scopes")) {
      try {
        scopes.addAll(Scope.parseList(scope));
      } catch (IllegalArgumentException e) {
        throw Problem.invalid(e.getMessage() + ".");
      }
    }
    return new TokenRequest(
        strings(request, "ids"),
        strings(request, "prefixes"),
        scopes,
        ttl(request.get("ttl")),
        rate(request.get("writesPerSecond")));
  }

  private static JsonObject parse(byte[] body) {
    if (body.length == 0) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try {
      JsonValue value =
          JsonTree.read(
              new ByteArrayInputStream(body),
              2,
              () -> Problem.invalid("A token request holds only lists of words."));
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw Problem.invalid("The body must be a JSON object.");
      }
      return value.asJsonObject();
    } catch (JsonException e) {
      throw Problem.invalid("Malformed JSON: the body is not valid UTF-8 JSON text.");
    }
  }

  private static List<String> strings(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null) {
      return List.of();
    }
    String wrong = "'" + field + "' must be a list of strings.";
    if (!(value instanceof JsonArray array)) {
      throw Problem.invalid(wrong);
    }
    List<String> strings = new ArrayList<>(array.size());
    for (JsonValue item : array) {
      if (!(item instanceof JsonString text)) {
        throw Problem.invalid(wrong);
      }
      strings.add(text.getString());
    }
    return strings;
  }

  private static Long ttl(JsonValue value) {
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE; // refused as out of range by the authority
      }
    }
    throw Problem.invalid("'ttl' must be a whole number of seconds.");
  }

  private static Double rate(JsonValue value) {
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number) {
      return number.doubleValue();
    }
    throw Problem.invalid("'writesPerSecond' must be a number.");
  }
}
