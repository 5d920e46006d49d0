package com.voxell.lux.insight.control;

import com.voxell.lux.insight.entity.Rollup;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.TreeMap;

/**
 * Renders a {@link Rollup} as the HTTP answer and the body of a stream's {@code rollup} message.
 */
public final class RollupJson {

  private RollupJson() {}

  /** The roll-up's fields, into a builder (so a stream message can add its type first). */
  public static JsonObjectBuilder addFields(JsonObjectBuilder builder, Rollup rollup) {
    JsonObjectBuilder byStatus = JsonText.BUILDERS.createObjectBuilder();
    new TreeMap<>(rollup.byStatus()).forEach(byStatus::add);
    builder
        .add("prefix", rollup.prefix())
        .add("total", rollup.total())
        .add("byStatus", byStatus)
        .add("stale", rollup.stale())
        .add("stalled", rollup.stalled())
        .add("waiting", rollup.waiting())
        .add("failed", rollup.failed());
    idOrNull(builder, "oldestStale", rollup.oldestStale());
    idOrNull(builder, "longestWaiting", rollup.longestWaiting());
    return builder;
  }

  public static JsonObject json(Rollup rollup) {
    return addFields(JsonText.BUILDERS.createObjectBuilder(), rollup).build();
  }

  private static void idOrNull(JsonObjectBuilder builder, String name, String id) {
    if (id == null) {
      builder.addNull(name);
    } else {
      builder.add(name, id);
    }
  }
}
