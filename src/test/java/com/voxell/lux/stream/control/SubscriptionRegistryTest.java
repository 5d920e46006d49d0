package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.entity.StreamLimits;
import com.voxell.lux.support.MutableClock;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out without a server: order, conflation, bounds, liveness and cleanup. */
class SubscriptionRegistryTest {

  private static final Writer AGENT = Writer.unlimited("agent");

  private final MutableClock clock = MutableClock.atEpochMillis(1_790_000_000_000L);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final LocalBackplane backplane = new LocalBackplane();
  private final DocumentStore store = new DocumentStore(backplane, Limits.DEFAULTS, clock);
  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
  private final StreamLimits limits =
      new StreamLimits(4, 4096, 3, Duration.ofSeconds(10), 5, Duration.ofSeconds(25), 3);
  private final SubscriptionRegistry registry =
      new SubscriptionRegistry(backplane, limits, Thread::new, Runnable::run, clock, nanos::get);

  @AfterEach
  void stop() {
    registry.closeAll();
  }

  /** A registry over a data grid whose events wait until the test releases them. */
  private final class OnGrid implements AutoCloseable {
    final HeldBackplane grid = new HeldBackplane();
    final DocumentStore store = new DocumentStore(grid, Limits.DEFAULTS, clock);
    final SubscriptionRegistry registry =
        new SubscriptionRegistry(grid, limits, Thread::new, Runnable::run, clock, nanos::get);

    @Override
    public void close() {
      registry.closeAll();
    }
  }

  private void put(String id, int progress) {
    put(store, id, progress);
  }

  private void put(DocumentStore target, String id, int progress) {
    target.write(
        DocumentId.of(id),
        WriteKind.PUT,
        reader.read(("{\"data\":{\"progress\":" + progress + "}}").getBytes()),
        Precondition.NONE,
        AGENT);
  }

  private static long version(JsonObject message) {
    return message.getJsonNumber("version").longValue();
  }

  private void settle() {
    settle(registry);
  }

  private static void settle(SubscriptionRegistry target) {
    await().atMost(Duration.ofSeconds(30)).until(() -> target.counters().queued() == 0);
  }

  @Test
  void snapshotThenEveryUpdateInOrder() {
    put("job-1", 1);
    RecordingSubscriber subscriber = new RecordingSubscriber();
    Outbox outbox = registry.open(subscriber, "reader", null);
    registry.subscribe(outbox, List.of("job-1"), false);
    settle();
    put("job-1", 2);
    settle(); // (two writes at once may leave as one: the newer state)
    put("job-1", 3);
    settle();
    assertThat(subscriber.types()).containsExactly("snapshot", "update", "update");
    assertThat(subscriber.received)
        .extracting(SubscriptionRegistryTest::version)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void anUpdatesSendIsTimedFromItsWriteAndNoOtherMessageIsTimed() {
    put("job-1", 1);
    RecordingSubscriber subscriber = new RecordingSubscriber();
    Outbox outbox = registry.open(subscriber, "reader", null);
    registry.subscribe(outbox, List.of("job-1"), true);
    settle();
    assertThat(subscriber.types()).containsExactly("snapshot", "subscribed");
    assertThat(subscriber.timedSends).isEmpty();

    clock.advance(Duration.ofMillis(7));
    put("job-1", 2);
    settle();
    outbox.offerControl(StreamMessages.HEARTBEAT);
    settle();

    String updatedAt = subscriber.received.get(2).getString("updatedAt");
    assertThat(subscriber.timedSends).containsExactly(Instant.parse(updatedAt).toEpochMilli());
    assertThat(subscriber.timedSends.get(0)).isEqualTo(clock.millis());
  }

  @Test
  void aSnapshotReadAheadOfADataGridsEventsIsNeverFollowedByAnOlderState() {
    try (OnGrid node = new OnGrid()) {
      put(node.store, "job-1", 1);
      put(node.store, "job-1", 2); // both changes still on their way to the lanes
      RecordingSubscriber subscriber = new RecordingSubscriber();
      node.registry.subscribe(
          node.registry.open(subscriber, "reader", null), List.of("job-1"), false);
      settle(node.registry);
      for (int version = 1; version <= 2; version++) {
        node.grid.releaseNext(); // versions 1 and 2 reach the lane after the snapshot of 2
        settle(node.registry);
      }
      put(node.store, "job-1", 3);
      node.grid.releaseNext();
      settle(node.registry);

      assertThat(subscriber.types()).containsExactly("snapshot", "update");
      assertThat(subscriber.received)
          .extracting(SubscriptionRegistryTest::version)
          .containsExactly(2L, 3L);
    }
  }

  @Test
  void aNodeCutOffFromTheClusterClosesASubscriptionWith1013InsteadOfCallingDocumentsMissing() {
    try (OnGrid node = new OnGrid()) {
      // the minority side of a split: its store holds only part of the documents
      node.grid.up(false);
      RecordingSubscriber byId = new RecordingSubscriber();
      node.registry.subscribe(node.registry.open(byId, "reader", null), List.of("job-1"), true);
      RecordingSubscriber byPrefix = new RecordingSubscriber();
      node.registry.subscribePrefix(node.registry.open(byPrefix, "reader", null), "job-");
      settle(node.registry);

      for (RecordingSubscriber subscriber : List.of(byId, byPrefix)) {
        assertThat(subscriber.closeCode).isEqualTo(1013);
        assertThat(subscriber.types()).doesNotContain("missing", "subscribed");
      }
      assertThat(node.grid.pagesRead()).as("nothing read from the partial store").isZero();
    }
  }

  @Test
  void aPrefixFollowedFirstReadsTheStoreOnceAndLaterChangesOnTheirWayNeverGoBack() {
    try (OnGrid node = new OnGrid()) {
      put(node.store, "fleet-1", 1);
      put(node.store, "fleet-1", 2);
      put(node.store, "fleet-2", 1); // all three still on their way to the lanes
      RecordingSubscriber first = new RecordingSubscriber();
      node.registry.subscribePrefix(node.registry.open(first, "reader", null), "fleet-");
      settle(node.registry);
      int pagesForTheFirst = node.grid.pagesRead();
      RecordingSubscriber second = new RecordingSubscriber();
      node.registry.subscribePrefix(node.registry.open(second, "reader", null), "fleet-");
      settle(node.registry);
      node.grid.releaseAll(); // the old changes arrive after the snapshots: nothing older goes out
      settle(node.registry);
      put(node.store, "fleet-1", 3);
      node.grid.releaseAll();
      settle(node.registry);

      assertThat(pagesForTheFirst).as("the store read once for the prefix").isEqualTo(1);
      assertThat(node.grid.pagesRead()).as("the second served by the lanes").isEqualTo(1);
      for (RecordingSubscriber subscriber : List.of(first, second)) {
        assertThat(subscriber.received)
            .extracting(m -> m.getString("type") + ":" + m.getString("id", "-"))
            .containsExactlyInAnyOrder(
                "snapshot:fleet-1", "snapshot:fleet-2", "subscribed:-", "update:fleet-1");
        assertThat(subscriber.last().getString("type")).isEqualTo("update");
        assertThat(version(subscriber.last())).isEqualTo(3);
      }
    }
  }

  @Test
  void aDocumentNoLongerFollowedIsReadAgainWhenFollowedAgain() {
    try (OnGrid node = new OnGrid()) {
      put(node.store, "job-1", 1);
      node.grid.releaseAll();
      RecordingSubscriber first = new RecordingSubscriber();
      Outbox outbox = node.registry.open(first, "reader", null);
      node.registry.subscribe(outbox, List.of("job-1"), false);
      settle(node.registry);
      node.registry.unsubscribe(outbox, List.of("job-1"), null);
      settle(node.registry);
      put(node.store, "job-1", 2);
      node.grid.loseHeld(); // no one here follows it: the cluster does not send it
      RecordingSubscriber second = new RecordingSubscriber();
      node.registry.subscribe(node.registry.open(second, "reader", null), List.of("job-1"), false);
      settle(node.registry);
      assertThat(second.types()).containsExactly("snapshot");
      assertThat(version(second.last())).isEqualTo(2);
    }
  }

  @Test
  void missingThenTheFirstWriteAndSubscribedAfterSnapshots() {
    put("job-a", 1);
    RecordingSubscriber subscriber = new RecordingSubscriber();
    Outbox outbox = registry.open(subscriber, "reader", null);
    registry.subscribe(outbox, List.of("job-a", "job-b"), true);
    settle();
    assertThat(subscriber.types()).containsExactlyInAnyOrder("snapshot", "missing", "subscribed");
    assertThat(subscriber.last().getInt("count")).isEqualTo(1);
    put("job-b", 1);
    settle();
    assertThat(subscriber.last().getString("type")).isEqualTo("update");
    assertThat(subscriber.last().getString("id")).isEqualTo("job-b");
  }

  @Test
  void aStalledSubscriberKeepsOnlyTheNewestStateAndNeverGoesBack() {
    put("job-1", 0);
    RecordingSubscriber stalled = new RecordingSubscriber();
    RecordingSubscriber brisk = new RecordingSubscriber();
    stalled.stalled = true;
    Outbox slow = registry.open(stalled, "reader", null);
    Outbox fast = registry.open(brisk, "reader", null);
    registry.subscribe(slow, List.of("job-1"), false);
    registry.subscribe(fast, List.of("job-1"), false);
    settle();
    for (int i = 1; i <= 1000; i++) {
      put("job-1", i);
    }
    settle();
    // one send in flight (the snapshot), one newest state waiting; the other subscriber kept up
    // (states written faster than a send may merge into the newest: versions rise to the last)
    assertThat(stalled.received).hasSize(1);
    assertThat(registry.pending()).isEqualTo(1);
    assertThat(brisk.received).extracting(SubscriptionRegistryTest::version).isSorted();
    assertThat(brisk.received).extracting(SubscriptionRegistryTest::version).endsWith(1001L);
    stalled.resume();
    assertThat(stalled.received)
        .extracting(SubscriptionRegistryTest::version)
        .containsExactly(1L, 1001L);
    assertThat(stalled.maxInFlight()).isEqualTo(1);
    assertThat(registry.conflated()).isGreaterThan(990);
  }

  @Test
  void fanOutThatFallsBehindTheWritersHoldsOneChangePerDocumentAndPassesOnTheNewest()
      throws Exception {
    LocalBackplane flooded = new LocalBackplane();
    DocumentStore floodedStore = new DocumentStore(flooded, Limits.DEFAULTS, clock);
    CountDownLatch lanesMayRun = new CountDownLatch(1);
    // every lane and sender thread waits before its first task: a fan-out that cannot keep up
    ThreadFactory held =
        task ->
            new Thread(
                () -> {
                  awaitUninterruptibly(lanesMayRun);
                  task.run();
                });
    SubscriptionRegistry behind =
        new SubscriptionRegistry(flooded, limits, held, Runnable::run, clock, nanos::get);
    try {
      RecordingSubscriber subscriber = new RecordingSubscriber();
      Outbox outbox = behind.open(subscriber, "reader", null);
      behind.subscribe(outbox, List.of("job-0", "job-1", "job-2"), false);
      for (int version = 1; version <= 1000; version++) {
        for (int doc = 0; doc < 3; doc++) {
          floodedStore.write(
              DocumentId.of("job-" + doc),
              WriteKind.PUT,
              reader.read(("{\"data\":{\"progress\":" + version + "}}").getBytes()),
              Precondition.NONE,
              AGENT);
        }
      }
      // 3,000 writes, and the backlog is the 3 subscriptions and one change per document
      assertThat(behind.counters().queued()).isEqualTo(6);
      assertThat(behind.conflated()).isEqualTo(2997);

      lanesMayRun.countDown();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> behind.counters().queued() == 0 && behind.pending() == 0);
      // each document arrives once, at its newest version: its subscription's snapshot came
      // after the writes, and the change that followed carried the same state
      assertThat(subscriber.received).hasSize(3);
      assertThat(subscriber.received)
          .extracting(SubscriptionRegistryTest::version)
          .containsOnly(1000L);
    } finally {
      lanesMayRun.countDown();
      behind.closeAll();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void concurrentWritersNeverShowAnOlderStateAfterANewerOne() throws Exception {
    List<RecordingSubscriber> subscribers = new ArrayList<>();
    put("job-1", 0);
    for (int i = 0; i < 3; i++) {
      RecordingSubscriber subscriber = new RecordingSubscriber();
      registry.subscribe(registry.open(subscriber, "s" + i, null), List.of("job-1"), false);
      subscribers.add(subscriber);
    }
    ExecutorService writers = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      done.add(
          writers.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  put("job-1", i);
                }
              }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    writers.shutdown();
    settle();
    for (RecordingSubscriber subscriber : subscribers) {
      List<Long> versions =
          subscriber.received.stream().map(SubscriptionRegistryTest::version).toList();
      assertThat(versions).isSorted().doesNotHaveDuplicates().endsWith(1601L);
    }
  }

  @Test
  void aSubscriberBehindPastTheLagBoundIsClosedWith1013() {
    put("job-1", 0);
    RecordingSubscriber stalled = new RecordingSubscriber();
    stalled.stalled = true;
    registry.subscribe(registry.open(stalled, "reader", null), List.of("job-1"), false);
    settle();
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());
    registry.tick();
    assertThat(stalled.closeCode).isZero();
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    registry.tick();
    assertThat(stalled.closeCode).isEqualTo(1013);
    assertThat(registry.counters().connections()).isZero();
    settle();
    assertThat(registry.counters().registrations()).isZero();
    assertThat(registry.counters().closedSlow()).isEqualTo(1);
  }

  @Test
  void tooManyWaitingDocumentsCloseWith1013() {
    RecordingSubscriber stalled = new RecordingSubscriber();
    stalled.stalled = true;
    Outbox outbox = registry.open(stalled, "reader", null);
    registry.subscribePrefix(outbox, "fleet-");
    settle();
    for (int i = 0; i < 7; i++) {
      put("fleet-" + i, 1);
    }
    settle();
    assertThat(stalled.closeCode).isEqualTo(1013);
  }

  @Test
  void aSubscriberThatBatchesCatchesUpInBatchesOfItsSizeInOrder() {
    RecordingSubscriber stalled = new RecordingSubscriber();
    stalled.maxBatch = 3;
    stalled.stalled = true;
    registry.subscribePrefix(registry.open(stalled, "reader", null), "fleet-");
    settle(); // "subscribed" is in flight and stays there
    for (int i = 1; i <= 4; i++) {
      put("fleet-" + i, i);
      settle();
    }
    put("fleet-1", 100); // replaces fleet-1's unsent state in its place
    settle();
    stalled.resume();
    assertThat(stalled.sendSizes).containsExactly(1, 3, 1);
    assertThat(stalled.received)
        .extracting(m -> m.getString("id", "-") + "@" + m.getInt("version", 0))
        .containsExactly("-@0", "fleet-1@2", "fleet-2@1", "fleet-3@1", "fleet-4@1");
    assertThat(stalled.maxInFlight()).isEqualTo(1);
  }

  @Test
  void prefixSubscriptionsSeeCreationsAndRemovals() {
    put("fleet-1", 1);
    put("other-1", 1);
    RecordingSubscriber subscriber = new RecordingSubscriber();
    registry.subscribePrefix(registry.open(subscriber, "reader", null), "fleet-");
    settle();
    put("fleet-2", 1);
    put("other-2", 1);
    store.delete(DocumentId.of("fleet-1"), Precondition.NONE, AGENT);
    settle();
    List<String> seen =
        subscriber.received.stream()
            .map(m -> m.getString("type") + ":" + m.getString("id", "-"))
            .toList();
    assertThat(seen.subList(0, 2)).containsExactly("snapshot:fleet-1", "subscribed:-");
    // Each document has its own fan-out lane: order holds per document, not across documents.
    assertThat(seen.subList(2, seen.size()))
        .containsExactlyInAnyOrder("update:fleet-2", "deleted:fleet-1");
  }

  @Test
  void heartbeatAfterQuietAndExpiredGrantClosesWith1008() {
    RecordingSubscriber subscriber = new RecordingSubscriber();
    Instant expiry = clock.instant().plusSeconds(60);
    registry.subscribe(registry.open(subscriber, "token", expiry), List.of("job-q"), false);
    settle();
    nanos.addAndGet(Duration.ofSeconds(26).toNanos());
    registry.tick();
    settle();
    assertThat(subscriber.types()).containsExactly("missing", "heartbeat");
    clock.advance(Duration.ofSeconds(60));
    registry.tick();
    settle();
    assertThat(subscriber.last().getString("type")).isEqualTo("error");
    assertThat(subscriber.closeCode).isEqualTo(1008);
    assertThat(registry.counters().connections()).isZero();
  }

  @Test
  void limitsRefuseWithoutChangingAnything() {
    Outbox outbox = registry.open(new RecordingSubscriber(), "reader", null);
    registry.subscribe(outbox, List.of("a", "b", "c"), true);
    assertThatThrownBy(() -> registry.subscribe(outbox, List.of("d", "e"), true))
        .isInstanceOf(Problem.class);
    assertThat(registry.subscriptions()).isEqualTo(3);
    assertThatThrownBy(() -> registry.subscribe(outbox, List.of("bad id"), true))
        .isInstanceOf(Problem.class);
    registry.open(new RecordingSubscriber(), "reader", null);
    registry.open(new RecordingSubscriber(), "reader", null);
    assertThatThrownBy(() -> registry.open(new RecordingSubscriber(), "reader", null))
        .isInstanceOf(Problem.class)
        .extracting(p -> ((Problem) p).kind())
        .isEqualTo(Problem.Kind.UNAVAILABLE);
    registry.open(new RecordingSubscriber(), "other", null);
  }

  @Test
  void closingForgetsEverySubscription() {
    put("fleet-1", 1);
    for (int i = 0; i < 100; i++) {
      Outbox outbox = registry.open(new RecordingSubscriber(), "s" + (i % 3), null);
      registry.subscribe(outbox, List.of("fleet-1", "job-" + i), true);
      registry.subscribePrefix(outbox, "fleet-");
      if (i % 2 == 0) {
        registry.unsubscribe(outbox, List.of("job-" + i), null);
      }
      registry.close(outbox);
    }
    settle();
    assertThat(registry.counters().connections()).isZero();
    assertThat(registry.counters().registrations()).isZero();
    assertThat(registry.subscriptions()).isZero();
    assertThat(registry.pending()).isZero();
  }

  @Test
  void closeAllSaysGoingAway() {
    RecordingSubscriber subscriber = new RecordingSubscriber();
    registry.open(subscriber, "reader", null);
    registry.closeAll();
    assertThat(subscriber.closeCode).isEqualTo(1001);
  }
}
