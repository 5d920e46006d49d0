package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.ProgressWindow;
import com.voxell.lux.documents.entity.TimelineEntry;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A document's {@link Insight} in the grid's JSON form, so the window, the stall state and the
 * timeline travel with the document to whichever node writes it next. Compact: the window is one
 * flat array of time, value pairs, each timeline entry an array {@code [step, status, startedAt,
 * endedAt]}.
 */
public final class InsightText {

  private InsightText() {}

  public static JsonObject of(Insight insight) {
    JsonArrayBuilder window = JsonText.BUILDERS.createArrayBuilder();
    ProgressWindow samples = insight.window();
    for (int i = 0; i < samples.size(); i++) {
      window.add(samples.timeAt(i)).add(samples.valueAt(i));
    }
    JsonArrayBuilder timeline = JsonText.BUILDERS.createArrayBuilder();
    for (TimelineEntry entry : insight.timeline()) {
      timeline.add(
          JsonText.BUILDERS
              .createArrayBuilder()
              .add(wordValue(entry.step()))
              .add(wordValue(entry.status()))
              .add(entry.startedAt())
              .add(entry.endedAt()));
    }
    JsonObjectBuilder json =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("window", window)
            .add("step", wordValue(insight.step()))
            .add("status", wordValue(insight.status()))
            .add("stepSince", insight.stepSince())
            .add("statusSince", insight.statusSince())
            .add("movedAt", insight.movedAt())
            .add("stall", insight.stallSeconds())
            .add("stalled", insight.stalled())
            .add("eta", insight.eta())
            .add("timeline", timeline);
    if (insight.hasRate()) {
      json.add("rate", insight.rate());
    }
    return json.build();
  }

  /** Reads the form back; {@code null} (a change written without one) is {@link Insight#NONE}. */
  public static Insight insight(JsonObject json) {
    if (json == null) {
      return Insight.NONE;
    }
    JsonArray pairs = json.getJsonArray("window");
    long[] times = new long[pairs.size() / 2];
    double[] values = new double[times.length];
    for (int i = 0; i < times.length; i++) {
      times[i] = pairs.getJsonNumber(2 * i).longValue();
      values[i] = pairs.getJsonNumber(2 * i + 1).doubleValue();
    }
    List<TimelineEntry> timeline = new ArrayList<>();
    for (JsonValue value : json.getJsonArray("timeline")) {
      JsonArray entry = value.asJsonArray();
      timeline.add(
          new TimelineEntry(
              text(entry.get(0)),
              text(entry.get(1)),
              entry.getJsonNumber(2).longValue(),
              entry.getJsonNumber(3).longValue()));
    }
    return new Insight(
        ProgressWindow.of(times, values),
        text(json.get("step")),
        text(json.get("status")),
        number(json, "stepSince"),
        number(json, "statusSince"),
        number(json, "movedAt"),
        number(json, "stall"),
        json.getBoolean("stalled"),
        json.containsKey("rate") ? json.getJsonNumber("rate").doubleValue() : Double.NaN,
        number(json, "eta"),
        timeline);
  }

  private static long number(JsonObject json, String name) {
    return json.getJsonNumber(name).longValue();
  }

  private static JsonValue wordValue(String word) {
    return word == null ? JsonValue.NULL : JsonText.PROVIDER.createValue(word);
  }

  /** Words are interned as the tracker keeps them, so a fleet's timelines share them again. */
  private static String text(JsonValue value) {
    return value instanceof JsonString string ? string.getString().intern() : null;
  }
}
