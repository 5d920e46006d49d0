package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteOptions;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.support.MutableClock;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * What the insight costs on the write path, in one JVM: a whole store write (merge-free PUT, size
 * check, insight, map update, listener call) against {@link InsightTracker#next} alone, over the
 * same scripted writes, interleaved rounds, best round reported. Not a test; run from
 * docs/BENCHMARKS.md.
 */
public final class InsightWriteBench {

  private static final int DOCUMENTS = 64;
  private static final int WRITES = 200_000;

  private InsightWriteBench() {}

  public static void main(String[] args) {
    JsonObject[] states = new JsonObject[100];
    for (int p = 0; p < states.length; p++) {
      states[p] =
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("job", "bench")
              .add("status", "fetching")
              .add("step", "step-" + p / 10)
              .add("progress", p)
              .build();
    }
    long bestWrite = Long.MAX_VALUE;
    long bestTracker = Long.MAX_VALUE;
    long bestMessage = Long.MAX_VALUE;
    long bestDerived = Long.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      bestWrite = Math.min(bestWrite, writes(states));
      bestTracker = Math.min(bestTracker, tracker(states));
      bestMessage = Math.min(bestMessage, rendering(states, false));
      bestDerived = Math.min(bestDerived, rendering(states, true));
    }
    System.out.printf(
        "store.write %.0f ns/write; InsightTracker.next %.0f ns/write (%.1f%% of the write)%n",
        (double) bestWrite / WRITES,
        (double) bestTracker / WRITES,
        100.0 * bestTracker / bestWrite);
    System.out.printf(
        "GET/update text: nothing derived %.0f ns, with stalled, movedAt, rate and eta %.0f ns"
            + " (+%.1f%%)%n",
        (double) bestMessage / WRITES,
        (double) bestDerived / WRITES,
        100.0 * (bestDerived - bestMessage) / bestMessage);
  }

  /** The full GET/update text of a document with a full window, or with nothing derived. */
  private static long rendering(JsonObject[] states, boolean derived) {
    Insight insight = null;
    for (int p = 0; p < 50; p++) {
      insight =
          InsightTracker.next(insight, states[p], p * 60_000L, null, InsightSettings.DEFAULTS);
    }
    Document document =
        new Document(
            "bench-1",
            50,
            "k3x9a",
            Instant.ofEpochMilli(49 * 60_000L),
            "bench",
            0,
            false,
            86_400,
            states[49],
            derived ? insight : Insight.NONE);
    long length = 0;
    long start = System.nanoTime();
    for (int n = 0; n < WRITES; n++) {
      length += DocumentJson.text(document, false).length();
    }
    long elapsed = System.nanoTime() - start;
    if (length == 0) {
      throw new IllegalStateException("nothing rendered");
    }
    return elapsed;
  }

  private static long writes(JsonObject[] states) {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    LocalBackplane backplane = new LocalBackplane();
    long[] seen = new long[1];
    backplane.listen(change -> seen[0]++);
    DocumentStore store =
        new DocumentStore(backplane, Limits.DEFAULTS, InsightSettings.DEFAULTS, clock);
    DocumentId[] ids = new DocumentId[DOCUMENTS];
    for (int i = 0; i < DOCUMENTS; i++) {
      ids[i] = DocumentId.of("bench-" + i);
    }
    Writer writer = new Writer("bench", 0);
    long start = System.nanoTime();
    for (int n = 0; n < WRITES; n++) {
      store.write(
          ids[n % DOCUMENTS],
          WriteKind.PUT,
          new WriteRequest(states[(n / DOCUMENTS) % states.length], WriteOptions.NONE),
          Precondition.NONE,
          writer);
      clock.advance(Duration.ofMillis(1));
    }
    long elapsed = System.nanoTime() - start;
    if (seen[0] != WRITES) {
      throw new IllegalStateException("lost changes");
    }
    return elapsed;
  }

  private static long tracker(JsonObject[] states) {
    Insight[] insights = new Insight[DOCUMENTS];
    long now = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    long start = System.nanoTime();
    for (int n = 0; n < WRITES; n++) {
      int doc = n % DOCUMENTS;
      insights[doc] =
          InsightTracker.next(
              insights[doc],
              states[(n / DOCUMENTS) % states.length],
              now + n,
              null,
              InsightSettings.DEFAULTS);
    }
    long elapsed = System.nanoTime() - start;
    if (insights[0].timeline().isEmpty()) {
      throw new IllegalStateException("no timeline built");
    }
    return elapsed;
  }
}
