package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Leases, stalls and expiry run from an index of due times, not from a walk of every document. */
class DocumentTimersTest {

  private static final Writer AGENT = Writer.unlimited("agent");

  private final MutableClock clock = MutableClock.atEpochMillis(1_790_000_000_123L);
  private final CountingBackplane backplane = new CountingBackplane();
  private final DocumentStore store = new DocumentStore(backplane, Limits.DEFAULTS, clock);
  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
  private final List<Change> changes = new ArrayList<>();

  {
    backplane.listen(changes::add);
  }

  private void put(String id, String body) {
    store.write(
        DocumentId.of(id), WriteKind.PUT, reader.read(body.getBytes()), Precondition.NONE, AGENT);
  }

  @Test
  void aSweepWithNothingDueReadsNoDocument() {
    for (int i = 0; i < 1000; i++) {
      put("job-" + i, "{\"data\":{\"progress\":1},\"lease\":3600,\"ttl\":7200,\"stall\":1800}");
    }
    backplane.reads.set(0);
    for (int round = 0; round < 50; round++) {
      clock.advance(Duration.ofSeconds(1));
      store.sweep();
    }
    assertThat(backplane.reads).hasValue(0);
    assertThat(store.timed()).isEqualTo(1000);
  }

  @Test
  void onlyTheDueDocumentIsRead() {
    put("far", "{\"data\":{},\"lease\":3600}");
    put("near", "{\"data\":{},\"lease\":5}");
    backplane.reads.set(0);
    clock.advance(Duration.ofSeconds(5));
    store.sweep();
    assertThat(backplane.reads).hasValue(1);
    assertThat(store.find("near").stale()).isTrue();
    assertThat(store.find("far").stale()).isFalse();
  }

  @Test
  void aStaleDocumentStillExpiresOnTime() {
    put("job", "{\"data\":{},\"lease\":5,\"ttl\":60}");
    clock.advance(Duration.ofSeconds(5));
    store.sweep();
    clock.advance(Duration.ofSeconds(55));
    store.sweep();
    assertThat(changes)
        .extracting(Change::kind)
        .containsExactly(Change.Kind.CREATED, Change.Kind.STALE, Change.Kind.EXPIRED);
  }

  @Test
  void documentsAnotherNodeWroteAreTimedOnceTheyMoveHere() {
    DocumentStore otherNode = new DocumentStore(backplane, Limits.DEFAULTS, clock);
    backplane.owned = false; // the other node owned them, and wrote them: their timers wait there
    otherNode.write(
        DocumentId.of("job"),
        WriteKind.PUT,
        reader.read("{\"data\":{},\"lease\":5}".getBytes()),
        Precondition.NONE,
        AGENT);
    clock.advance(Duration.ofSeconds(10));
    store.sweep();
    assertThat(store.find("job").stale()).as("not this node's timer").isFalse();

    backplane.owned = true; // that node left: its ids are ours now
    backplane.moveOwnership();
    store.sweep();
    assertThat(store.find("job").stale()).isTrue();
  }

  @Test
  void aTimerWaitsOnTheNodeThatWroteThoughAnotherOwnsTheDocument() {
    backplane.owned = false;
    put("job", "{\"data\":{},\"lease\":5}");
    clock.advance(Duration.ofSeconds(5));
    store.sweep();
    assertThat(store.find("job").stale()).isTrue();
  }

  @Test
  void twoNodesTimingOneDocumentLapseItOnce() {
    DocumentStore otherNode = new DocumentStore(backplane, Limits.DEFAULTS, clock);
    otherNode.write(
        DocumentId.of("job"),
        WriteKind.PUT,
        reader.read("{\"data\":{},\"lease\":5,\"ttl\":20}".getBytes()),
        Precondition.NONE,
        AGENT);
    put("job", "{\"data\":{\"step\":2},\"lease\":5,\"ttl\":20}");
    clock.advance(Duration.ofSeconds(5));
    otherNode.sweep();
    store.sweep();
    clock.advance(Duration.ofSeconds(15));
    store.sweep();
    otherNode.sweep();
    assertThat(changes)
        .extracting(Change::kind)
        .containsExactly(
            Change.Kind.CREATED, Change.Kind.UPDATED, Change.Kind.STALE, Change.Kind.EXPIRED);
  }

  /** One JVM's documents, counting document reads and able to give ownership away and back. */
  private static final class CountingBackplane implements Backplane {
    private final LocalBackplane documents = new LocalBackplane();
    private final List<Runnable> ownershipListeners = new ArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean owned = true;

    void moveOwnership() {
      ownershipListeners.forEach(Runnable::run);
    }

    @Override
    public Outcome apply(String id, Mutation mutation) {
      return documents.apply(
          id,
          current -> {
            reads.incrementAndGet();
            return mutation.apply(current);
          });
    }

    @Override
    public Document get(String id) {
      reads.incrementAndGet();
      return documents.get(id);
    }

    @Override
    public List<Document> page(String prefix, String after, int limit) {
      return documents.page(prefix, after, limit);
    }

    @Override
    public int size() {
      return documents.size();
    }

    @Override
    public Iterable<String> ownedIds() {
      return owned ? documents.ownedIds() : List.of();
    }

    @Override
    public void onOwnershipChange(Runnable listener) {
      ownershipListeners.add(listener);
    }

    @Override
    public void listen(ChangeListener listener) {
      documents.listen(listener);
    }
  }
}
