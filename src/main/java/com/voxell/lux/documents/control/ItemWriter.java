package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Caller;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.ItemResult;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteOp;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies one write named by a JSON object, {@code {"id","op","data"?,"lease"?,"ttl"?,"stall"?,
 * "ifMatch"?}} (a write of a batch, or a write over the socket with its {@code ref}): validated,
 * authorized, rate-limited and applied through the {@link DocumentStore} exactly as the single HTTP
 * call would be, so subscribers cannot tell the paths apart. A refusal is returned, not thrown, so
 * one bad write never stops the next.
 */
public final class ItemWriter {

  /** The fields of a write in a batch: a write body's, plus {@code id, op, ifMatch}. */
  public static final Set<String> BATCH_FIELDS = withBodyFields("id", "op", "ifMatch");

  /** The fields of a write over the socket: a batch write's, plus the client's {@code ref}. */
  public static final Set<String> MESSAGE_FIELDS = withBodyFields("id", "op", "ifMatch", "ref");

  private final DocumentStore store;
  private final WriteRequestReader reader;

  public ItemWriter(DocumentStore store, WriteRequestReader reader) {
    this.store = store;
    this.reader = reader;
  }

  /**
   * Applies {@code item}, which may hold only {@code fields}, as {@code caller}; every refusal
   * comes back as the result, with the problem a single HTTP call would have answered.
   */
  public ItemResult write(JsonValue item, Set<String> fields, Caller caller) {
    if (item.getValueType() != JsonValue.ValueType.OBJECT) {
      return ItemResult.refused(null, Problem.invalid("A write must be a JSON object."));
    }
    JsonObject write = item.asJsonObject();
    String id = idOf(write);
    try {
      return apply(write, id, fields, caller);
    } catch (Problem problem) {
      return ItemResult.refused(id, problem);
    }
  }

  private ItemResult apply(JsonObject write, String id, Set<String> fields, Caller caller) {
    if (id == null) {
      throw Problem.invalid("'id' is missing or not a string.");
    }
    DocumentId documentId = DocumentId.of(id);
    WriteOp op = WriteOp.of(write.get("op") instanceof JsonString s ? s.getString() : null);
    for (String field : write.keySet()) {
      if (!fields.contains(field)) {
        throw Problem.invalid("Unknown field '" + field + "': a write may have " + fields + ".");
      }
      if (op == WriteOp.DELETE && WriteRequestReader.FIELDS.contains(field)) {
        throw Problem.invalid("'" + field + "' has no meaning for a delete.");
      }
    }
    caller.requireWrite(id);
    Precondition precondition = Precondition.of(ifMatch(write), null);
    Writer writer = caller.writer();
    if (op == WriteOp.DELETE) {
      store.delete(documentId, precondition, writer);
      return ItemResult.deleted(id);
    }
    return ItemResult.written(
        store.write(documentId, op.kind(), reader.fromFields(write), precondition, writer));
  }

  private static Set<String> withBodyFields(String... fields) {
    Set<String> all = new HashSet<>(WriteRequestReader.FIELDS);
    all.addAll(List.of(fields));
    return Set.copyOf(all);
  }

  private static String idOf(JsonObject write) {
    return write.get("id") instanceof JsonString id ? id.getString() : null;
  }

  private static String ifMatch(JsonObject write) {
    JsonValue value = write.get("ifMatch");
    if (value == null) {
      return null;
    }
    if (value instanceof JsonString tag) {
      // The ETag header's quotes are optional here: "e1x.4" and "\"e1x.4\"" name the same state.
      String text = tag.getString().trim();
      boolean bare = !text.isEmpty() && !text.equals("*") && !text.startsWith("\"");
      return bare && !text.startsWith("W/") ? "\"" + text + "\"" : text;
    }
    throw Problem.invalid(
        "'ifMatch' must be a string: an entity tag such as \"<epoch>.<version>\".");
  }
}
