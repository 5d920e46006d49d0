package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.TimelineEntry;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Renders documents as the JSON bodies and messages of the wire contract. The JSON-P provider and
 * its factories are looked up once: the static {@code Json.*} methods look the provider up on every
 * call, which costs more than half of a PUT's throughput.
 */
public final class DocumentJson {

  public static final JsonProvider PROVIDER = JsonProvider.provider();
  public static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
  public static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());
  private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());
  private static final String[] SUMMARY_FIELDS = {"status", "step", "progress", "summary"};

  private DocumentJson() {}

  /** The answer to an accepted write: {@code id, version, epoch, updatedAt}. */
  public static String receipt(Document document) {
    return object(
        json ->
            json.write("id", document.id())
                .write("version", document.version())
                .write("epoch", document.epoch())
                .write("updatedAt", Timestamps.format(document.updatedAt())));
  }

  /**
   * The answer to a lease renewal: the receipt's fields, {@code stale: false} and {@code
   * leaseExpiresAt}.
   */
  public static String renewal(Document document) {
    return object(
        json ->
            json.write("id", document.id())
                .write("version", document.version())
                .write("epoch", document.epoch())
                .write("updatedAt", Timestamps.format(document.updatedAt()))
                .write("stale", document.stale())
                .write("leaseExpiresAt", Timestamps.format(document.leaseEndsAt())));
  }

  /** The GET answer, with {@code derived.timeline} when asked for. */
  public static String text(Document document, boolean timeline) {
    return object(json -> writeFields(json, document, timeline));
  }

  /**
   * A stream message that carries a whole document ({@code snapshot}, {@code update}): its type,
   * then the fields of the GET answer.
   */
  /** The {@code update} message of a written state: one rendering for every subscriber. */
  public static String update(Document document) {
    return message("update", document, false);
  }

  public static String message(String type, Document document, boolean timeline) {
    return object(json -> writeFields(json.write("type", type), document, timeline));
  }

  /**
   * A page of the listing: each item is the GET answer without data, plus the data's conventional
   * summary fields; {@code next} is {@code null} on the last page.
   */
  public static String page(List<Document> documents, String next) {
    return object(
        json -> {
          json.writeStartArray("items");
          for (Document document : documents) {
            writeSummary(json.writeStartObject(), document);
            json.writeEnd();
          }
          json.writeEnd();
          if (next == null) {
            json.writeNull("next");
          } else {
            json.write("next", next);
          }
        });
  }

  /**
   * Writes one JSON object straight to text. Rendering through a generator rather than a built
   * {@code JsonObject} skips a map per object and a wrapper per value: every update message is
   * rendered this way, and at 50,000 updates/s writing them straight took 7 % off the server's CPU.
   */
  private static String object(Consumer<JsonGenerator> fields) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = GENERATORS.createGenerator(out)) {
      json.writeStartObject();
      fields.accept(json);
      json.writeEnd();
    }
    return out.toString();
  }

  private static void writeFields(JsonGenerator json, Document document, boolean timeline) {
    writeMeta(json, document);
    writeDerived(json, document.insight(), timeline);
    json.write("data", document.data());
  }

  private static void writeSummary(JsonGenerator json, Document document) {
    writeMeta(json, document);
    writeDerived(json, document.insight(), false);
    JsonObject data = document.data();
    for (String field : SUMMARY_FIELDS) {
      JsonValue value = data.get(field);
      if (value != null) {
        json.write(field, value);
      }
    }
  }

  private static void writeMeta(JsonGenerator json, Document document) {
    json.write("id", document.id())
        .write("version", document.version())
        .write("epoch", document.epoch())
        .write("updatedAt", Timestamps.format(document.updatedAt()))
        .write("writer", document.writer())
        .write("stale", document.stale());
    if (document.hasLease()) {
      json.write("lease", document.leaseSeconds());
    }
    json.write("expiresAt", Timestamps.format(document.expiresAt()));
  }

  /**
   * What the broker derived, apart from {@code data}: {@code stalled}, {@code movedAt}, {@code
   * rate} and {@code eta} when known, and the step timeline (finished entries, then the open one)
   * when asked for.
   */
  private static void writeDerived(JsonGenerator json, Insight insight, boolean timeline) {
    json.writeStartObject("derived").write("stalled", insight.stalled());
    if (insight.movedAt() != 0) {
      json.write("movedAt", millis(insight.movedAt()));
    }
    if (insight.hasRate()) {
      json.write("rate", insight.rate());
    }
    if (insight.hasEta()) {
      json.write("eta", millis(insight.eta()));
    }
    if (timeline) {
      json.writeStartArray("timeline");
      for (TimelineEntry entry : insight.timeline()) {
        writeTimelineEntry(json, entry.step(), entry.status(), entry.startedAt())
            .write("endedAt", millis(entry.endedAt()))
            .write("durationMs", entry.durationMs())
            .writeEnd();
      }
      if (insight.hasOpenStep()) {
        writeTimelineEntry(json, insight.step(), insight.status(), insight.stepSince())
            .writeNull("endedAt")
            .writeNull("durationMs")
            .writeEnd();
      }
      json.writeEnd();
    }
    json.writeEnd();
  }

  private static JsonGenerator writeTimelineEntry(
      JsonGenerator json, String step, String status, long startedAt) {
    json.writeStartObject();
    orNull(json, "step", step);
    orNull(json, "status", status);
    return json.write("startedAt", millis(startedAt));
  }

  private static void orNull(JsonGenerator json, String name, String value) {
    if (value == null) {
      json.writeNull(name);
    } else {
      json.write(name, value);
    }
  }

  private static String millis(long epochMillis) {
    return Timestamps.format(Instant.ofEpochMilli(epochMillis));
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

  public static String text(JsonObject object) {
    StringWriter out = new StringWriter(256);
    try (JsonWriter writer = WRITERS.createWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
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
