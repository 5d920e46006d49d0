package com.voxell.lux.wire;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;

/**
 * The JSON-P provider and its factories, looked up once: the static {@code Json.*} methods look the
 * provider up on every call, which costs more than half of a PUT's throughput. Plus JSON objects
 * written as text, and the length of that text in UTF-8.
 */
public final class JsonText {

  public static final JsonProvider PROVIDER = JsonProvider.provider();
  public static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
  public static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());
  private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());

  private JsonText() {}

  public static String text(JsonObject object) {
    StringWriter out = new StringWriter(256);
    try (JsonWriter writer = WRITERS.createWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  /**
   * The length of the object's UTF-8 serialization, without keeping the bytes. It counts the
   * characters' UTF-8 sizes itself: a writer over an {@code OutputStream} allocates an 8 KB encoder
   * buffer per call, which was a third of a batch write's time.
   */
  public static long byteLength(JsonObject object) {
    Utf8Counter counter = new Utf8Counter();
    try (JsonWriter writer = WRITERS.createWriter(counter)) {
      writer.writeObject(object);
    }
    return counter.count;
  }

  /** Counts UTF-8 bytes; a surrogate counts 2, so a pair counts the 4 its code point takes. */
  private static final class Utf8Counter extends Writer {
    long count;

    @Override
    public void write(int c) {
      count += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate((char) c) ? 2 : 3;
    }

    @Override
    public void write(char[] chars, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(chars[i]);
      }
    }

    @Override
    public void write(String text, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(text.charAt(i));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
