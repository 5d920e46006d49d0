package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.support.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A lease renewed without a write: what moves, what does not, what subscribers hear, refusals. */
class LeaseRenewalTest {

  private static final Writer AGENT = Writer.unlimited("agent");
  private static final DocumentId JOB = DocumentId.of("job-1");

  private final MutableClock clock = MutableClock.atEpochMillis(1_790_000_000_123L);
  private final LocalBackplane backplane = new LocalBackplane();
  private final List<Change> changes = new CopyOnWriteArrayList<>();
  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
  private final DocumentStore store = new DocumentStore(backplane, Limits.DEFAULTS, clock);

  {
    backplane.listen(changes::add);
  }

  private Document put(String body) {
    return store
        .write(JOB, WriteKind.PUT, reader.read(body.getBytes()), Precondition.NONE, AGENT)
        .document();
  }

  private Document renew(Long lease) {
    return store.renew(JOB, lease, Precondition.NONE, AGENT);
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
  void aRenewalMovesOnlyTheLease() {
    Document written = put("{\"data\":{\"step\":\"a\"},\"lease\":30}");
    clock.advance(Duration.ofSeconds(20));

    Document renewed = renew(null);

    assertThat(renewed.version()).isEqualTo(written.version());
    assertThat(renewed.epoch()).isEqualTo(written.epoch());
    assertThat(renewed.updatedAt()).isEqualTo(written.updatedAt());
    assertThat(renewed.writer()).isEqualTo(written.writer());
    assertThat(renewed.data()).isEqualTo(written.data());
    assertThat(renewed.leaseSeconds()).isEqualTo(30);
    assertThat(renewed.leaseEndsAt()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(store.find("job-1")).isEqualTo(renewed);
  }

  @Test
  void aRenewedDocumentStaysLivePastItsFirstLeaseAndLapsesAtTheRenewedOne() {
    put("{\"data\":{},\"lease\":30}");
    clock.advance(Duration.ofSeconds(25));
    renew(null);
    clock.advance(Duration.ofSeconds(10)); // 35 s after the write, 10 s after the renewal
    store.sweep();
    assertThat(store.find("job-1").stale()).isFalse();

    clock.advance(Duration.ofSeconds(20)); // 30 s after the renewal
    store.sweep();
    assertThat(store.find("job-1").stale()).isTrue();
  }

  @Test
  void aLiveDocumentsRenewalIsExtendedAndAStaleOnesIsRenewedAndLiveAgain() {
    put("{\"data\":{},\"lease\":30}");
    renew(null);
    clock.advance(Duration.ofSeconds(30));
    store.sweep();
    assertThat(store.find("job-1").stale()).isTrue();

    Document revived = renew(null);

    assertThat(revived.stale()).isFalse();
    assertThat(changes)
        .extracting(Change::kind)
        .containsExactly(
            Change.Kind.CREATED, Change.Kind.EXTENDED, Change.Kind.STALE, Change.Kind.RENEWED);
    assertThat(changes.get(3).document()).isEqualTo(revived);
  }

  @Test
  void aRenewalNamingALeaseReplacesItsSecondsOrGivesALeaseWhereThereWasNone() {
    put("{\"data\":{}}");
    assertThat(renew(90L).leaseSeconds()).isEqualTo(90);
    assertThat(renew(null).leaseSeconds()).as("kept by the next renewal").isEqualTo(90);
    assertThat(renew(5L).leaseEndsAt()).isEqualTo(clock.instant().plusSeconds(5));
  }

  @Test
  void aRenewalRestartsTheTtlSoAJobWhoseAgentRenewsIsNotRemoved() {
    put("{\"data\":{},\"lease\":30,\"ttl\":60}");
    clock.advance(Duration.ofSeconds(50));
    renew(null);
    clock.advance(Duration.ofSeconds(50));
    store.sweep();
    assertThat(store.find("job-1")).isNotNull();
    assertThat(store.find("job-1").expiresAt()).isEqualTo(clock.instant().plusSeconds(10));
  }

  @Test
  void refusalsChangeNothingAndPublishNothing() {
    assertThat(refusal(() -> renew(null))).isEqualTo(Problem.Kind.NOT_FOUND);
    Document written = put("{\"data\":{}}");
    assertThat(refusal(() -> renew(null))).as("no lease anywhere").isEqualTo(Problem.Kind.NO_LEASE);
    assertThat(refusal(() -> store.renew(JOB, 30L, Precondition.of("\"other.1\"", null), AGENT)))
        .isEqualTo(Problem.Kind.PRECONDITION_FAILED);

    assertThat(store.find("job-1")).isEqualTo(written);
    assertThat(changes).extracting(Change::kind).containsExactly(Change.Kind.CREATED);
    assertThat(store.renew(JOB, 30L, Precondition.of(written.etag(), null), AGENT).version())
        .as("a matching If-Match renews")
        .isEqualTo(1);
  }

  @Test
  void aRenewalCountsAgainstTheWritersRate() {
    put("{\"data\":{},\"lease\":30}");
    Writer limited = new Writer("slow", 1);
    store.renew(JOB, null, Precondition.NONE, limited);
    assertThat(refusal(() -> store.renew(JOB, null, Precondition.NONE, limited)))
        .isEqualTo(Problem.Kind.RATE_LIMITED);
  }

  @Test
  void theBodyIsEmptyOrExactlyAWholeLeaseOfAtLeastOneSecond() {
    assertThat(reader.readRenewal(new byte[0])).isNull();
    assertThat(reader.readRenewal("{\"lease\":45}".getBytes())).isEqualTo(45);
    assertThat(reader.readRenewal("{}".getBytes())).isNull();
    for (String bad :
        List.of(
            "[]",
            "{\"lease\":0}",
            "{\"lease\":1.5}",
            "{\"lease\":\"30\"}",
            "{\"lease\":31536001}",
            "{\"lease\":30,\"data\":{}}",
            "{\"lease\":",
            "30")) {
      assertThat(refusal(() -> reader.readRenewal(bad.getBytes())))
          .as(bad)
          .isEqualTo(Problem.Kind.INVALID);
    }
  }
}
