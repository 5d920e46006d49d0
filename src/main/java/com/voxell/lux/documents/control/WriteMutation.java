package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteOptions;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * The rules of a PUT or PATCH, applied to the current state under the document's lock: the
 * precondition, the merge patch, the size limit, version and epoch, which lease and ttl hold, and
 * what the broker derives from the new data ({@link InsightTracker}).
 */
record WriteMutation(
    String id,
    WriteKind kind,
    JsonObject data,
    WriteOptions options,
    Precondition precondition,
    String writer,
    Instant now,
    Limits limits,
    InsightSettings insightSettings)
    implements Mutation {

  @Override
  public Outcome apply(Document current) {
    precondition.check(current);
    JsonObject next = kind == WriteKind.PUT ? data : merge(current);
    checkSize(next);
    Long leaseOption = options.leaseSeconds();
    Long ttlOption = options.ttlSeconds();
    long lease = leaseOption != null ? leaseOption : current != null ? current.leaseSeconds() : 0;
    long ttl =
        ttlOption != null
            ? ttlOption
            : current != null ? current.ttlSeconds() : limits.defaultTtlSeconds();
    Document written =
        new Document(
            id,
            current == null ? 1 : current.version() + 1,
            current == null ? Epochs.next() : current.epoch(),
            now,
            writer,
            lease,
            false,
            ttl,
            next,
            InsightTracker.next(
                current == null ? null : current.insight(),
                next,
                now.toEpochMilli(),
                options.stallSeconds(),
                insightSettings));
    return new Outcome(written, current == null ? Change.Kind.CREATED : Change.Kind.UPDATED);
  }

  private JsonObject merge(Document current) {
    JsonObject target = current == null ? JsonValue.EMPTY_JSON_OBJECT : current.data();
    return JsonText.PROVIDER.createMergePatch(data).apply(target).asJsonObject();
  }

  private void checkSize(JsonObject next) {
    long bytes = JsonText.byteLength(next);
    if (bytes > limits.maxDocumentBytes()) {
      throw Problem.tooLarge(
          "The data is "
              + bytes
              + " bytes serialized; the limit is "
              + limits.maxDocumentBytes()
              + ".");
    }
  }
}
