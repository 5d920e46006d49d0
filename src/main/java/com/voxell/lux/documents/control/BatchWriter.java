package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.BatchLimits;
import com.voxell.lux.documents.entity.Caller;
import com.voxell.lux.documents.entity.ItemResult;
import com.voxell.lux.problems.entity.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a batch, {@code {"writes":[…]}}: each write on its own and in order, through {@link
 * ItemWriter}. Only a batch that cannot be read at all (not JSON, too large, nested too deep, no
 * {@code writes} array, too many writes) or a credential without the write scope is refused as a
 * whole; every other refusal is one write's result.
 */
public final class BatchWriter {

  /** A write's {@code data} sits inside the body, the {@code writes} array and the write. */
  private static final int ENVELOPE_LEVELS = 3;

  private final ItemWriter items;
  private final WriteRequestReader reader;
  private final BatchLimits limits;

  public BatchWriter(ItemWriter items, WriteRequestReader reader, BatchLimits limits) {
    this.items = items;
    this.reader = reader;
    this.limits = limits;
  }

  public BatchLimits limits() {
    return limits;
  }

  /** One result per write, in the order of the writes. */
  public List<ItemResult> write(byte[] body, Caller caller) {
    caller.requireWrite();
    JsonObject batch = reader.parse(body, ENVELOPE_LEVELS);
    for (String field : batch.keySet()) {
      if (!field.equals("writes")) {
        throw Problem.invalid("Unknown field '" + field + "': a batch has only 'writes'.");
      }
    }
    JsonValue writes = batch.get("writes");
    if (writes == null || writes.getValueType() != JsonValue.ValueType.ARRAY) {
      throw Problem.invalid("'writes' is missing or not an array.");
    }
    JsonArray list = writes.asJsonArray();
    if (list.size() > limits.maxWrites()) {
      throw Problem.tooLarge(
          "The batch has "
              + list.size()
              + " writes; at most "
              + limits.maxWrites()
              + " are allowed per batch.");
    }
    List<ItemResult> results = new ArrayList<>(list.size());
    for (JsonValue item : list) {
      results.add(items.write(item, ItemWriter.BATCH_FIELDS, caller));
    }
    return results;
  }
}
