package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Page;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteResult;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DocumentStoreTest {

  private static final Writer AGENT = Writer.unlimited("agent");

  private final MutableClock clock = MutableClock.atEpochMillis(1_790_000_000_123L);
  private final LocalBackplane backplane = new LocalBackplane();
  private final List<Change> changes = new CopyOnWriteArrayList<>();
  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
  private DocumentStore store = new DocumentStore(backplane, Limits.DEFAULTS, clock);

  {
    backplane.listen(changes::add);
  }

  private WriteResult put(String id, String body) {
    return write(id, WriteKind.PUT, body, Precondition.NONE);
  }

  private WriteResult write(String id, WriteKind kind, String body, Precondition precondition) {
    return store.write(DocumentId.of(id), kind, reader.read(body.getBytes()), precondition, AGENT);
  }

  private static Problem.Kind refusal(Runnable action) {
    try {
      action.run();
    } catch (Problem problem) {
      return problem.kind();
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void creationStartsAtVersionOneWithAFreshEpoch() {
    WriteResult created = put("job-1", "{\"data\":{\"step\":\"a\"}}");
    assertThat(created.created()).isTrue();
    Document document = created.document();
    assertThat(document.version()).isEqualTo(1);
    assertThat(document.epoch()).isNotBlank();
    assertThat(document.writer()).isEqualTo("agent");
    assertThat(document.updatedAt()).isEqualTo(clock.instant());
    assertThat(document.expiresAt()).isEqualTo(clock.instant().plusSeconds(86_400));
    assertThat(document.etag()).isEqualTo("\"" + document.epoch() + "." + 1 + "\"");
    assertThat(changes).extracting(Change::kind).containsExactly(Change.Kind.CREATED);
  }

  @Test
  void everyAcceptedWriteAddsOneToTheVersionAndKeepsTheEpoch() {
    String epoch = put("job-1", "{\"data\":{}}").document().epoch();
    WriteResult second = put("job-1", "{\"data\":{\"x\":1}}");
    assertThat(second.created()).isFalse();
    assertThat(second.document().version()).isEqualTo(2);
    assertThat(second.document().epoch()).isEqualTo(epoch);
  }

  @Test
  void recreationAfterDeleteGetsANewEpoch() {
    String epoch = put("job-1", "{\"data\":{}}").document().epoch();
    store.delete(DocumentId.of("job-1"), Precondition.NONE, AGENT);
    Document again = put("job-1", "{\"data\":{}}").document();
    assertThat(again.version()).isEqualTo(1);
    assertThat(again.epoch()).isNotEqualTo(epoch);
    assertThat(changes)
        .extracting(Change::kind)
        .containsExactly(Change.Kind.CREATED, Change.Kind.DELETED, Change.Kind.CREATED);
  }

  @Test
  void patchMergesIntoTheCurrentData() {
    put("job-1", "{\"data\":{\"step\":\"a\",\"progress\":1,\"keep\":true}}");
    write(
        "job-1", WriteKind.PATCH, "{\"data\":{\"progress\":68,\"step\":null}}", Precondition.NONE);
    assertThat(store.get(DocumentId.of("job-1")).data().toString())
        .isEqualTo("{\"progress\":68,\"keep\":true}");
  }

  @Test
  void patchOnAMissingDocumentCreatesIt() {
    WriteResult created =
        write(
            "job-1", WriteKind.PATCH, "{\"data\":{\"a\":{\"b\":null,\"c\":1}}}", Precondition.NONE);
    assertThat(created.created()).isTrue();
    assertThat(created.document().data().toString()).isEqualTo("{\"a\":{\"c\":1}}");
  }

  @Test
  void ifMatchRefusesAMovedDocumentAndChangesNothing() {
    Document first = put("job-1", "{\"data\":{\"v\":1}}").document();
    write("job-1", WriteKind.PUT, "{\"data\":{\"v\":2}}", Precondition.of(first.etag(), null));
    assertThat(
            refusal(
                () ->
                    write(
                        "job-1",
                        WriteKind.PUT,
                        "{\"data\":{\"v\":3}}",
                        Precondition.of(first.etag(), null))))
        .isEqualTo(Problem.Kind.PRECONDITION_FAILED);
    assertThat(store.get(DocumentId.of("job-1")).version()).isEqualTo(2);
    assertThat(changes).hasSize(2);
  }

  @Test
  void ifNoneMatchStarOnlyCreates() {
    write("job-1", WriteKind.PUT, "{\"data\":{}}", Precondition.of(null, "*"));
    assertThat(
            refusal(
                () -> write("job-1", WriteKind.PUT, "{\"data\":{}}", Precondition.of(null, "*"))))
        .isEqualTo(Problem.Kind.PRECONDITION_FAILED);
    assertThat(refusal(() -> Precondition.of(null, "\"abc.1\""))).isEqualTo(Problem.Kind.INVALID);
  }

  @Test
  void ifMatchOnAMissingDocumentFails() {
    assertThat(
            refusal(
                () ->
                    write(
                        "job-1", WriteKind.PUT, "{\"data\":{}}", Precondition.of("\"x.1\"", null))))
        .isEqualTo(Problem.Kind.PRECONDITION_FAILED);
    assertThat(store.find("job-1")).isNull();
  }

  @Test
  void aWriteNamingNoLeaseOrTtlKeepsTheCurrentOnes() {
    put("job-1", "{\"data\":{},\"lease\":30,\"ttl\":600}");
    Document kept = put("job-1", "{\"data\":{\"x\":1}}").document();
    assertThat(kept.leaseSeconds()).isEqualTo(30);
    assertThat(kept.ttlSeconds()).isEqualTo(600);
    Document cleared = put("job-1", "{\"data\":{},\"lease\":0}").document();
    assertThat(cleared.hasLease()).isFalse();
  }

  @Test
  void aLapsedLeaseMarksTheDocumentStaleOnceAndAWriteRevivesIt() {
    put("job-1", "{\"data\":{},\"lease\":10}");
    clock.advance(Duration.ofSeconds(9));
    store.sweep();
    assertThat(store.find("job-1").stale()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    store.sweep();
    store.sweep();
    Document stale = store.find("job-1");
    assertThat(stale.stale()).isTrue();
    assertThat(stale.version()).as("stale does not count as a write").isEqualTo(1);
    assertThat(changes)
        .extracting(Change::kind)
        .containsExactly(Change.Kind.CREATED, Change.Kind.STALE);
    Document revived = put("job-1", "{\"data\":{}}").document();
    assertThat(revived.stale()).isFalse();
    assertThat(revived.version()).isEqualTo(2);
  }

  @Test
  void ttlExpiryRemovesTheDocumentAndSaysSo() {
    put("job-1", "{\"data\":{},\"ttl\":60}");
    clock.advance(Duration.ofSeconds(59));
    store.sweep();
    assertThat(store.find("job-1")).isNotNull();
    clock.advance(Duration.ofSeconds(1));
    store.sweep();
    assertThat(store.find("job-1")).isNull();
    assertThat(changes.get(changes.size() - 1).kind()).isEqualTo(Change.Kind.EXPIRED);
    assertThat(changes.get(changes.size() - 1).document().id()).isEqualTo("job-1");
    assertThat(refusal(() -> store.get(DocumentId.of("job-1")))).isEqualTo(Problem.Kind.NOT_FOUND);
  }

  @Test
  void aWriteExtendsTheTtl() {
    put("job-1", "{\"data\":{},\"ttl\":60}");
    clock.advance(Duration.ofSeconds(50));
    put("job-1", "{\"data\":{}}");
    clock.advance(Duration.ofSeconds(50));
    store.sweep();
    assertThat(store.find("job-1")).isNotNull();
  }

  @Test
  void listingPagesByPrefixInIdOrder() {
    for (String id : List.of("b-2", "a-1", "b-1", "b-3", "c-1", "b-10")) {
      put(id, "{\"data\":{}}");
    }
    Page first = store.list("b-", null, 2);
    assertThat(first.documents()).extracting(Document::id).containsExactly("b-1", "b-10");
    assertThat(first.next()).isEqualTo("b-10");
    Page second = store.list("b-", first.next(), 2);
    assertThat(second.documents()).extracting(Document::id).containsExactly("b-2", "b-3");
    assertThat(second.next()).as("the last page says so").isNull();
    assertThat(store.list("", null, 1000).documents()).hasSize(6);
    assertThat(store.list("z", null, 10).documents()).isEmpty();
    assertThat(refusal(() -> store.list("", null, 1001))).isEqualTo(Problem.Kind.INVALID);
    assertThat(refusal(() -> store.list("", null, 0))).isEqualTo(Problem.Kind.INVALID);
  }

  @Test
  void dataOverTheSizeLimitIsRefusedEvenWhenAPatchGrowsIt() {
    store = new DocumentStore(backplane, new Limits(100, 32, 10, 60, 600), clock);
    put("job-1", "{\"data\":{\"a\":\"" + "x".repeat(60) + "\"}}");
    assertThat(
            refusal(
                () ->
                    write(
                        "job-1",
                        WriteKind.PATCH,
                        "{\"data\":{\"b\":\"" + "y".repeat(60) + "\"}}",
                        Precondition.NONE)))
        .isEqualTo(Problem.Kind.TOO_LARGE);
    assertThat(store.find("job-1").version()).isEqualTo(1);
  }

  @Test
  void theDocumentLimitRefusesCreationsOnly() {
    store = new DocumentStore(backplane, new Limits(65536, 32, 2, 60, 600), clock);
    put("a", "{\"data\":{}}");
    put("b", "{\"data\":{}}");
    assertThat(refusal(() -> put("c", "{\"data\":{}}"))).isEqualTo(Problem.Kind.DOCUMENT_LIMIT);
    assertThat(put("a", "{\"data\":{}}").document().version()).isEqualTo(2);
  }

  @Test
  void aWriterOverItsRateIsToldWhenToRetry() {
    Writer limited = new Writer("slow", 2);
    DocumentId id = DocumentId.of("job-1");
    var request = reader.read("{\"data\":{}}".getBytes());
    store.write(id, WriteKind.PUT, request, Precondition.NONE, limited);
    store.write(id, WriteKind.PUT, request, Precondition.NONE, limited);
    try {
      store.write(id, WriteKind.PUT, request, Precondition.NONE, limited);
      throw new AssertionError("expected 429");
    } catch (Problem problem) {
      assertThat(problem.kind()).isEqualTo(Problem.Kind.RATE_LIMITED);
      assertThat(problem.retryAfterSeconds()).isEqualTo(1);
    }
    clock.advance(Duration.ofMillis(500));
    assertThat(
            store
                .write(id, WriteKind.PUT, request, Precondition.NONE, limited)
                .document()
                .version())
        .isEqualTo(3);
    assertThat(
            store.write(id, WriteKind.PUT, request, Precondition.NONE, AGENT).document().version())
        .as("other writers are not limited")
        .isEqualTo(4);
  }

  @Test
  void concurrentWritersGetStrictlyIncreasingVersionsWithoutGaps() throws Exception {
    int writers = 8;
    int each = 500;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                List<Long> versions = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  versions.add(put("job-1", "{\"data\":{\"i\":" + i + "}}").document().version());
                }
                return versions;
              }));
    }
    start.countDown();
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> result : results) {
      List<Long> versions = result.get(30, TimeUnit.SECONDS);
      assertThat(versions).isSorted();
      all.addAll(versions);
    }
    pool.shutdown();
    assertThat(all).hasSize(writers * each).doesNotHaveDuplicates();
    assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isEqualTo(writers * each);
    List<Long> published = changes.stream().map(change -> change.document().version()).toList();
    assertThat(published).as("changes reach listeners in version order").isSorted();
  }

  @Test
  void ofConcurrentIfMatchWritesWithTheSameEtagExactlyOneWins() throws Exception {
    String etag = put("job-1", "{\"data\":{}}").document().etag();
    int contenders = 16;
    ExecutorService pool = Executors.newFixedThreadPool(contenders);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger won = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < contenders; c++) {
      done.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  write("job-1", WriteKind.PUT, "{\"data\":{}}", Precondition.of(etag, null));
                  won.incrementAndGet();
                } catch (Problem problem) {
                  assertThat(problem.kind()).isEqualTo(Problem.Kind.PRECONDITION_FAILED);
                  lost.incrementAndGet();
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> future : done) {
      future.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(won).hasValue(1);
    assertThat(lost).hasValue(contenders - 1);
    assertThat(store.find("job-1").version()).isEqualTo(2);
  }

  @Test
  void deleteOfAMissingDocumentIs404() {
    assertThat(refusal(() -> store.delete(DocumentId.of("nope"), Precondition.NONE, AGENT)))
        .isEqualTo(Problem.Kind.NOT_FOUND);
    assertThat(changes).isEmpty();
  }

  @Test
  void aFailingListenerNeverUndoesAWrite() {
    backplane.listen(
        change -> {
          throw new IllegalStateException("broken subscriber");
        });
    assertThat(put("job-1", "{\"data\":{}}").document().version()).isEqualTo(1);
    assertThat(store.find("job-1")).isNotNull();
  }
}
