package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.stream.entity.StreamLimits;
import com.voxell.lux.support.MutableClock;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What subscribers hear of lease renewals: nothing while live, {@code renewed} after stale. */
class RenewalStreamTest {

  private static final Writer AGENT = Writer.unlimited("agent");

  private final MutableClock clock = MutableClock.atEpochMillis(1_790_000_000_000L);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final LocalBackplane backplane = new LocalBackplane();
  private final DocumentStore store = new DocumentStore(backplane, Limits.DEFAULTS, clock);
  private final StreamLimits limits =
      new StreamLimits(4, 4096, 3, Duration.ofSeconds(10), 5, Duration.ofSeconds(25), 3);
  private final SubscriptionRegistry registry =
      new SubscriptionRegistry(backplane, limits, Thread::new, Runnable::run, clock, nanos::get);

  @AfterEach
  void stop() {
    registry.closeAll();
  }

  private static long version(jakarta.json.JsonObject message) {
    return message.getJsonNumber("version").longValue();
  }

  private void settle() {
    await().atMost(Duration.ofSeconds(30)).until(() -> registry.counters().queued() == 0);
  }

  @Test
  void aLiveDocumentsRenewalReachesNoSubscriberAndAStaleOnesSaysRenewed() {
    DocumentId id = DocumentId.of("job-1");
    store.write(
        id,
        WriteKind.PUT,
        new WriteRequestReader(Limits.DEFAULTS).read("{\"data\":{},\"lease\":30}".getBytes()),
        Precondition.NONE,
        AGENT);
    RecordingSubscriber byId = new RecordingSubscriber();
    RecordingSubscriber byPrefix = new RecordingSubscriber();
    registry.subscribe(registry.open(byId, "a", null), List.of("job-1"), false);
    registry.subscribePrefix(registry.open(byPrefix, "b", null), "job-");
    settle();

    store.renew(id, null, Precondition.NONE, AGENT);
    clock.advance(Duration.ofSeconds(30));
    store.sweep();
    settle(); // subscribers see it stale: a renewal conflated with the stale flip would tell
    // nothing
    Document renewed = store.renew(id, 60L, Precondition.NONE, AGENT);
    settle();

    for (RecordingSubscriber subscriber : List.of(byId, byPrefix)) {
      assertThat(subscriber.types())
          .containsSubsequence("snapshot", "stale", "renewed")
          .doesNotContain("update");
      var message = subscriber.received.get(subscriber.received.size() - 1);
      assertThat(message.getString("id")).isEqualTo("job-1");
      assertThat(message.getJsonNumber("version").longValue()).isEqualTo(1);
      assertThat(message.getString("epoch")).isEqualTo(renewed.epoch());
      assertThat(message.get("leaseExpiresAt").getValueType())
          .isEqualTo(JsonValue.ValueType.STRING);
    }
  }

  private Document leased(long version) {
    return new Document(
        "job-1",
        version,
        "e1",
        clock.instant(),
        "agent",
        30,
        false,
        3600,
        JsonValue.EMPTY_JSON_OBJECT);
  }

  @Test
  void aRenewalThatComesWhileAnUpdateWaitsDoesNotSwallowTheUpdate() throws Exception {
    Document first = leased(1);
    Document second = leased(2);
    Lane lane = new Lane(Thread::new, id -> first, lost -> {}, new StreamCounters());
    try {
      RecordingSubscriber subscriber = new RecordingSubscriber();
      Outbox outbox = registry.open(subscriber, "reader", null);
      lane.execute(() -> lane.follow(outbox, "job-1", false));
      CountDownLatch gate = new CountDownLatch(1);
      lane.execute(
          () -> {
            try {
              gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      lane.offer(new Change(Change.Kind.UPDATED, second));
      lane.offer(new Change(Change.Kind.EXTENDED, second.renewed(clock.instant(), 30)));
      gate.countDown();

      // the snapshot may be conflated into the update (latest state wins); the update must come
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !subscriber.received.isEmpty() && version(subscriber.last()) == 2);
      assertThat(subscriber.last().getString("type")).isEqualTo("update");
    } finally {
      lane.shutdown();
    }
  }
}
