package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.stream.entity.StreamLimits;
import com.voxell.lux.support.MutableClock;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lanes' catch-up with the store after the cluster changed, on a backplane whose events can be
 * lost (as a data grid's are when a member freezes or a split heals): subscribers end on the newest
 * state, never get an older one after it, and a quiet node reads nothing.
 */
class CatchUpTest {

  private static final Writer AGENT = Writer.unlimited("agent");

  private final MutableClock clock = MutableClock.atEpochMillis(1_790_000_000_000L);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final HeldBackplane grid = new HeldBackplane();
  private final DocumentStore store = new DocumentStore(grid, Limits.DEFAULTS, clock);
  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
  private final StreamLimits limits =
      new StreamLimits(4, 4096, 3, Duration.ofSeconds(10), 5, Duration.ofSeconds(25), 3);
  private final SubscriptionRegistry registry =
      new SubscriptionRegistry(grid, limits, Thread::new, Runnable::run, clock, nanos::get);

  @AfterEach
  void stop() {
    registry.closeAll();
  }

  @Test
  void writesWhoseEventsNeverCameReachSubscribersOnceTheClusterChanged() {
    put("job-1", 1);
    grid.releaseAll();
    RecordingSubscriber subscriber = subscribe("job-1");
    put("job-1", 2);
    put("job-1", 3);
    grid.loseHeld();

    grid.clusterChanged();
    nextSecond();

    assertThat(subscriber.types()).containsExactly("snapshot", "update");
    assertThat(versions(subscriber)).containsExactly(1L, 3L);
    assertThat(registry.counters().caughtUp()).isEqualTo(1);
  }

  @Test
  void aDeletionWhoseEventNeverCameReachesSubscribersAsDeleted() {
    put("job-1", 1);
    grid.releaseAll();
    RecordingSubscriber subscriber = subscribe("job-1");
    store.delete(DocumentId.of("job-1"), Precondition.NONE, AGENT);
    grid.loseHeld();

    grid.clusterChanged();
    nextSecond();

    assertThat(subscriber.types()).containsExactly("snapshot", "deleted");
    assertThat(subscriber.last().getString("reason")).isEqualTo("deleted");
  }

  @Test
  void aDocumentCreatedUnheardReachesPrefixSubscribersAndLaterSnapshots() {
    put("fleet-1", 1);
    grid.releaseAll();
    RecordingSubscriber early = new RecordingSubscriber();
    registry.subscribePrefix(registry.open(early, "reader", null), "fleet-");
    settle();
    put("fleet-2", 1);
    grid.loseHeld();

    grid.clusterChanged();
    nextSecond();
    RecordingSubscriber late = new RecordingSubscriber();
    registry.subscribePrefix(registry.open(late, "reader", null), "fleet-");
    settle();

    assertThat(early.types()).containsExactly("snapshot", "subscribed", "update");
    assertThat(early.last().getString("id")).isEqualTo("fleet-2");
    assertThat(late.received)
        .filteredOn(message -> message.getString("type").equals("snapshot"))
        .extracting(message -> message.getString("id"))
        .containsExactlyInAnyOrder("fleet-1", "fleet-2");
  }

  @Test
  void aStateAlreadyPassedOnIsNotSentAgainNorUndercutByItsLateEvent() {
    put("job-1", 1);
    grid.releaseAll();
    RecordingSubscriber subscriber = subscribe("job-1");
    put("job-1", 2); // its event is only late

    grid.clusterChanged();
    nextSecond(); // passes version 2 on
    grid.releaseAll(); // then its event comes
    settle();
    nextSecond(); // a second read finds nothing new
    put("job-1", 3);
    grid.releaseAll();
    settle();

    assertThat(subscriber.types()).containsExactly("snapshot", "update", "update");
    assertThat(versions(subscriber)).containsExactly(1L, 2L, 3L);
    assertThat(registry.counters().caughtUp()).isEqualTo(1);
  }

  @Test
  void aStateSentThatTheGridThenLostComesBackReissuedAboveIt() {
    RecordingSubscriber subscriber = subscribeThenLoseVersionTwo();

    grid.clusterChanged();
    nextSecond();
    awaitReissuedAsVersionThree();

    // the state the grid holds, above the lost one: subscribers take it (never an older version)
    assertThat(versions(subscriber)).containsExactly(1L, 2L, 3L);
    assertThat(progress(subscriber.last().getJsonObject("data"))).isEqualTo(1);
    assertThat(progress(grid.get("job-1").data())).isEqualTo(1);
    assertThat(registry.counters().reissued()).isEqualTo(1);
  }

  @Test
  void aRivalWriteUnderTheVersionOfALostOneComesBackReissuedAboveIt() {
    RecordingSubscriber subscriber = subscribeThenLoseVersionTwo();
    clock.advance(Duration.ofMillis(5));
    put("job-1", 5); // a version 2 again, which subscribers holding the lost one would ignore
    grid.releaseAll();

    awaitReissuedAsVersionThree();

    // the rival was not sent (the same version: subscribers would ignore it), its re-issue was
    assertThat(versions(subscriber)).containsExactly(1L, 2L, 3L);
    assertThat(progress(subscriber.last().getJsonObject("data"))).isEqualTo(5);
    assertThat(registry.counters().reissued()).isEqualTo(1);
  }

  @Test
  void aQuietNodeReadsNothingAndAChangeIsFollowedByFiveReadsOverSixteenSeconds() {
    put("job-1", 1);
    grid.releaseAll();
    subscribe("job-1");
    List<Integer> readAt = new ArrayList<>();
    for (int second = 1; second <= 40; second++) {
      int before = grid.pagesRead();
      nextSecond();
      if (grid.pagesRead() > before) {
        readAt.add(second);
      }
      if (second == 10) {
        grid.clusterChanged();
      }
    }
    // told at second 10: read 1, 2, 4, 8 and 16 s later, then never again
    assertThat(readAt).containsExactly(11, 12, 14, 18, 26);
    assertThat(registry.counters().caughtUp()).isZero();
  }

  @Test
  void aNodeCutOffFromItsQuorumReadsNothingAndTellsNoOneOfDeletions() {
    put("job-1", 1);
    grid.releaseAll();
    RecordingSubscriber subscriber = subscribe("job-1");
    grid.up(false);
    store.delete(DocumentId.of("job-1"), Precondition.NONE, AGENT); // as a minority's grid loses it
    grid.loseHeld();

    grid.clusterChanged();
    for (int second = 0; second < 20; second++) {
      nextSecond();
    }

    assertThat(grid.pagesRead()).isZero();
    assertThat(subscriber.types()).containsExactly("snapshot");
  }

  /** A subscriber of job-1 was sent versions 1 and 2; then the grid lost version 2 (no event). */
  private RecordingSubscriber subscribeThenLoseVersionTwo() {
    put("job-1", 1);
    grid.releaseAll();
    Document held = grid.get("job-1");
    RecordingSubscriber subscriber = subscribe("job-1");
    put("job-1", 2);
    grid.releaseAll();
    settle();
    grid.revert("job-1", held);
    return subscriber;
  }

  /** The re-issue (off the lanes) stored version 3, and its event reached the lanes. */
  private void awaitReissuedAsVersionThree() {
    soon().until(() -> grid.get("job-1").version() == 3);
    grid.releaseAll();
    settle();
  }

  private RecordingSubscriber subscribe(String id) {
    RecordingSubscriber subscriber = new RecordingSubscriber();
    registry.subscribe(registry.open(subscriber, "reader", null), List.of(id), false);
    settle();
    return subscriber;
  }

  private void put(String id, int progress) {
    store.write(
        DocumentId.of(id),
        WriteKind.PUT,
        reader.read(("{\"data\":{\"progress\":" + progress + "}}").getBytes()),
        Precondition.NONE,
        AGENT);
  }

  /** One second passes: the registry's chores run, and any catch-up they start finishes. */
  private void nextSecond() {
    clock.advance(Duration.ofSeconds(1));
    registry.tick();
    soon().until(() -> !registry.catchingUp());
    settle();
  }

  private void settle() {
    soon().until(() -> registry.counters().queued() == 0);
  }

  /** Polled often: the schedule's test steps through 40 seconds. */
  private static ConditionFactory soon() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2));
  }

  private static List<Long> versions(RecordingSubscriber subscriber) {
    return subscriber.received.stream().map(CatchUpTest::version).toList();
  }

  private static int progress(JsonObject data) {
    return data.getInt("progress");
  }

  private static long version(JsonObject message) {
    return message.getJsonNumber("version").longValue();
  }
}
