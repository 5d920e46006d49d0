package com.voxell.lux.wire;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads JSON text into a tree in one streaming pass, refusing it the moment it nests deeper than a
 * limit. The tree is assembled on an explicit stack, so nesting costs no call stack, and nothing
 * past the limit is ever built. A reader's own tree building recurses, so without this every body
 * had to be tokenized twice: once to count its depth, once to read it.
 *
 * <p>Malformed text throws the parser's {@code JsonParsingException} (with its location), text
 * after the first value included.
 */
public final class JsonTree {

  private static final JsonParserFactory PARSERS = JsonText.PROVIDER.createParserFactory(Map.of());

  private JsonTree() {}

  /**
   * The value of {@code text}; {@code tooDeep} is thrown when an object or array opens more than
   * {@code maxLevel} levels deep (the outermost is level 1).
   */
  public static JsonValue read(
      String text, int maxLevel, Supplier<? extends RuntimeException> tooDeep) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
      return read(parser, maxLevel, tooDeep);
    }
  }

  /** {@link #read(String, int, Supplier)} for bytes in one of JSON's Unicode encodings. */
  public static JsonValue read(
      InputStream bytes, int maxLevel, Supplier<? extends RuntimeException> tooDeep) {
    try (JsonParser parser = PARSERS.createParser(bytes)) {
      return read(parser, maxLevel, tooDeep);
    }
  }

  private static JsonValue read(
      JsonParser parser, int maxLevel, Supplier<? extends RuntimeException> tooDeep) {
    Deque<Container> open = new ArrayDeque<>();
    JsonValue root = null;
    String name = null;
    while (parser.hasNext()) {
      JsonParser.Event event = parser.next();
      switch (event) {
        case KEY_NAME -> name = parser.getString();
        case START_OBJECT, START_ARRAY -> {
          if (open.size() == maxLevel) {
            throw tooDeep.get();
          }
          open.push(new Container(name, event == JsonParser.Event.START_OBJECT));
        }
        case END_OBJECT, END_ARRAY -> {
          Container done = open.pop();
          root = addTo(open.peek(), done.name, done.build());
        }
        default -> root = addTo(open.peek(), name, parser.getValue());
      }
    }
    return root;
  }

  /** Adds a finished value to its container; at the top, it is the root and is returned. */
  private static JsonValue addTo(Container container, String name, JsonValue value) {
    if (container == null) {
      return value;
    }
    container.add(name, value);
    return null;
  }

  /** An object or array being read, with the name it will have in its parent object. */
  private static final class Container {
    final String name;
    final JsonObjectBuilder object;
    final JsonArrayBuilder array;

    Container(String name, boolean isObject) {
      this.name = name;
      this.object = isObject ? JsonText.BUILDERS.createObjectBuilder() : null;
      this.array = isObject ? null : JsonText.BUILDERS.createArrayBuilder();
    }

    void add(String name, JsonValue value) {
      if (object != null) {
        object.add(name, value);
      } else {
        array.add(value);
      }
    }

    JsonValue build() {
      return object != null ? object.build() : array.build();
    }
  }
}
