package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.DocumentId;
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
import org.junit.jupiter.api.Test;

/**
 * Heap per document with every insight at its bound (a full progress window and a full timeline),
 * against the same documents written once. Prints the numbers docs/BENCHMARKS.md quotes; fails if
 * the derived state is not bounded. {@code -Dlux.bench.documents=N} (default 2000).
 */
class InsightMemoryTest {

  private static final int DOCUMENTS = Integer.getInteger("lux.bench.documents", 2000);
  private static final int WRITES = 60;
  private static final Writer WRITER = new Writer("agent", 0);

  private static JsonObject data(int write) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("job", "invoice-reconcile")
        .add("status", (write % 2 == 0 ? "fetch" : "validat") + "ing")
        .add("step", "step-" + write)
        .add("progress", Math.min(99, write / 2))
        .add("summary", "Reconciling invoices for ACME Corp, batch 7 of 12")
        .build();
  }

  private static DocumentStore fill(int writesPerDocument) {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    DocumentStore store =
        new DocumentStore(new LocalBackplane(), Limits.DEFAULTS, InsightSettings.DEFAULTS, clock);
    for (int write = 0; write < writesPerDocument; write++) {
      for (int i = 0; i < DOCUMENTS; i++) {
        // data(write) builds new strings for every document, as each agent's writes would
        store.write(
            DocumentId.of("workflow-memory-" + i),
            WriteKind.PUT,
            new WriteRequest(data(write), WriteOptions.NONE),
            Precondition.NONE,
            WRITER);
      }
      clock.advance(Duration.ofSeconds(7));
    }
    return store;
  }

  private static long usedHeap() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50); // let the collector settle; there is no event to await
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }

  private static long bytesPerDocument(int writesPerDocument) throws InterruptedException {
    long before = usedHeap();
    DocumentStore store = fill(writesPerDocument);
    long after = usedHeap();
    assertThat(store.size()).isEqualTo(DOCUMENTS);
    return (after - before) / DOCUMENTS;
  }

  @Test
  void fullWindowsAndTimelinesCostAFewKilobytesPerDocument() throws InterruptedException {
    long once = bytesPerDocument(1);
    long full = bytesPerDocument(WRITES);
    System.out.printf(
        "insight memory: %d documents; written once %d B/doc; full window (%d) and timeline (%d)"
            + " %d B/doc; insight at its bound %d B/doc%n",
        DOCUMENTS,
        once,
        InsightSettings.DEFAULTS.windowSize(),
        InsightSettings.DEFAULTS.timelineSize(),
        full,
        full - once);
    assertThat(full - once).isLessThan(8_000);
  }
}
