package com.voxell.lux.stream.control;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.documents.control.ItemWriter;
import com.voxell.lux.documents.control.Timestamps;
import com.voxell.lux.documents.entity.ItemResult;
import com.voxell.lux.problems.entity.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * Writes over the multiplexed socket: {@code {"op":"put"|"patch"|"delete","id","data","ref"}},
 * applied through the same {@link ItemWriter} as a batch (so with the same scope, prefixes, limits
 * and rate limits as HTTP), answered by an {@code ack} or an {@code error} that carries the
 * client's {@code ref}. The endpoint applies a socket's messages one after the other and queues
 * each answer behind the ones before, so acks come back in the order of the writes.
 */
public final class SocketWrites {

  private static final Set<String> OPS = Set.of("put", "patch", "delete");

  private final ItemWriter items;

  public SocketWrites(ItemWriter items) {
    this.items = items;
  }

  /** Whether the message asks for a write rather than a subscription. */
  public static boolean isWrite(JsonObject message) {
    return message.get("op") instanceof JsonString op && OPS.contains(op.getString());
  }

  /** Applies the write and returns the answer to send: an {@code ack} or an {@code error}. */
  public String write(JsonObject message, Grant grant) {
    JsonValue ref = message.get("ref");
    if (ref != null
        && ref.getValueType() != JsonValue.ValueType.NUMBER
        && ref.getValueType() != JsonValue.ValueType.STRING) {
      return StreamMessages.error(Problem.invalid("'ref' must be a number or a string."), null);
    }
    ItemResult result = items.write(message, ItemWriter.MESSAGE_FIELDS, grant);
    if (!result.applied()) {
      return StreamMessages.error(result.problem(), ref, result.id());
    }
    JsonObjectBuilder ack = start("ack", ref).add("id", result.id()).add("status", result.status());
    if (result.document() != null) {
      ack.add("version", result.document().version())
          .add("epoch", result.document().epoch())
          .add("updatedAt", Timestamps.format(result.document().updatedAt()));
    }
    return DocumentJson.text(ack.build());
  }

  private static JsonObjectBuilder start(String type, JsonValue ref) {
    JsonObjectBuilder message = DocumentJson.BUILDERS.createObjectBuilder().add("type", type);
    return ref == null ? message : message.add("ref", ref);
  }
}
