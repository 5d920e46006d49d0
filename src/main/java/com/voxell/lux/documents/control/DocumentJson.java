package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.TimelineEntry;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;

/**
 * Renders documents as the JSON bodies and messages of the wire contract. The JSON-P provider and
 * its factories are looked up once: the static {@code Json.*} methods look the provider up on every
 * call, which costs more than half of a PUT's throughput.
 */
public final class DocumentJson {

  public static final JsonProvider PROVIDER = JsonProvider.provider();
  public static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
  private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());
  private static final String[] SUMMARY_FIELDS = {"status", "step", "progress", "summary"};

  private DocumentJson() {}

  /** The answer to an accepted write: {@code id, version, epoch, updatedAt}. */
  public static JsonObject receipt(Document document) {
    return BUILDERS
        .createObjectBuilder()
        .add("id", document.id())
        .add("version", document.version())
        .add("epoch", document.epoch())
        .add("updatedAt", Timestamps.format(document.updatedAt()))
        .build();
  }

  /** Every field of a GET answer, into a builder (so a stream message can add its type first). */
  public static JsonObjectBuilder addFields(JsonObjectBuilder builder, Document document) {
    return addFields(builder, document, false);
  }

  /** Every field of a GET answer, with {@code derived.timeline} when asked for. */
  public static JsonObjectBuilder addFields(
      JsonObjectBuilder builder, Document document, boolean timeline) {
    return addMeta(builder, document)
        .add("derived", derived(document.insight(), timeline))
        .add("data", document.data());
  }

  /** The GET answer. */
  public static JsonObject full(Document document) {
    return full(document, false);
  }

  /** The GET answer, with {@code derived.timeline} when asked for. */
  public static JsonObject full(Document document, boolean timeline) {
    return addFields(BUILDERS.createObjectBuilder(), document, timeline).build();
  }

  /**
   * What the broker derived, apart from {@code data}: {@code stalled}, {@code movedAt}, {@code
   * rate} and {@code eta} when known, and the step timeline (finished entries, then the open one)
   * when asked for.
   */
  public static JsonObject derived(Insight insight, boolean timeline) {
    JsonObjectBuilder derived = BUILDERS.createObjectBuilder().add("stalled", insight.stalled());
    if (insight.movedAt() != 0) {
      derived.add("movedAt", millis(insight.movedAt()));
    }
    if (insight.hasRate()) {
      derived.add("rate", insight.rate());
    }
    if (insight.hasEta()) {
      derived.add("eta", millis(insight.eta()));
    }
    if (timeline) {
      JsonArrayBuilder entries = BUILDERS.createArrayBuilder();
      for (TimelineEntry entry : insight.timeline()) {
        entries.add(
            timelineEntry(entry.step(), entry.status(), entry.startedAt())
                .add("endedAt", millis(entry.endedAt()))
                .add("durationMs", entry.durationMs()));
      }
      if (insight.hasOpenStep()) {
        entries.add(
            timelineEntry(insight.step(), insight.status(), insight.stepSince())
                .addNull("endedAt")
                .addNull("durationMs"));
      }
      derived.add("timeline", entries);
    }
    return derived.build();
  }

  private static JsonObjectBuilder timelineEntry(String step, String status, long startedAt) {
    JsonObjectBuilder entry = BUILDERS.createObjectBuilder();
    orNull(entry, "step", step);
    orNull(entry, "status", status);
    return entry.add("startedAt", millis(startedAt));
  }

  private static void orNull(JsonObjectBuilder builder, String name, String value) {
    if (value == null) {
      builder.addNull(name);
    } else {
      builder.add(name, value);
    }
  }

  private static String millis(long epochMillis) {
    return Timestamps.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A listing item: the GET answer without data, plus the data's conventional summary fields. */
  public static JsonObject summary(Document document) {
    JsonObjectBuilder item =
        addMeta(BUILDERS.createObjectBuilder(), document)
            .add("derived", derived(document.insight(), false));
    JsonObject data = document.data();
    for (String field : SUMMARY_FIELDS) {
      JsonValue value = data.get(field);
      if (value != null) {
        item.add(field, value);
      }
    }
    return item.build();
  }

  private static JsonObjectBuilder addMeta(JsonObjectBuilder builder, Document document) {
    builder
        .add("id", document.id())
        .add("version", document.version())
        .add("epoch", document.epoch())
        .add("updatedAt", Timestamps.format(document.updatedAt()))
        .add("writer", document.writer())
        .add("stale", document.stale());
    if (document.hasLease()) {
      builder.add("lease", document.leaseSeconds());
    }
    return builder.add("expiresAt", Timestamps.format(document.expiresAt()));
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
