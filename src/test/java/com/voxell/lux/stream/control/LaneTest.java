package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.stream.entity.StreamLimits;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneTest {

  private final AtomicInteger threadsMade = new AtomicInteger();
  private final StreamCounters counters = new StreamCounters();
  private final List<Document> lost = new CopyOnWriteArrayList<>();
  private final Lane lane =
      new Lane(
          task -> {
            threadsMade.incrementAndGet();
            return new Thread(task);
          },
          id -> null,
          lost::add,
          counters);

  @AfterEach
  void stop() {
    lane.shutdown();
  }

  @Test
  void aFailingTaskNeitherKillsTheLaneNorReordersWhatIsQueuedBehindIt() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    lane.execute(
        () -> {
          waitFor(hold);
          throw new IllegalStateException("a subscriber's bug");
        });
    for (int i = 0; i < 100; i++) {
      int n = i;
      lane.execute(() -> ran.add(n));
    }
    hold.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.queued() == 0);

    assertThat(ran).hasSize(100).isSorted();
    // One thread, started with the lane: a replacement would take the next task out of turn.
    assertThat(threadsMade).hasValue(1);
  }

  @Test
  void aLateOlderChangeNeverReplacesTheNewerOneStillWaiting() {
    RecordingSubscriber subscriber = new RecordingSubscriber();
    lane.execute(() -> lane.follow(outbox(subscriber), "job-1", false));
    CountDownLatch hold = new CountDownLatch(1);
    lane.execute(() -> waitFor(hold));
    lane.offer(new Change(Change.Kind.UPDATED, state(3)));
    // an event of the document's former owner, which froze before sending it, comes after
    lane.offer(new Change(Change.Kind.UPDATED, state(2)));
    hold.countDown();
    lane.execute(() -> lane.follow(outbox(new RecordingSubscriber()), "job-1", false));
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.queued() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.received.size() == 2);

    assertThat(subscriber.received.get(0).getString("type")).isEqualTo("missing");
    assertThat(subscriber.last().getString("type")).isEqualTo("update");
    assertThat(subscriber.last().getJsonNumber("version").longValue()).isEqualTo(3);
  }

  @Test
  void keepsNoStateOfADocumentNoOneHereFollows() {
    lane.offer(new Change(Change.Kind.UPDATED, state(3)));
    RecordingSubscriber subscriber = new RecordingSubscriber();
    lane.execute(() -> lane.follow(outbox(subscriber), "job-1", false));
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.received.size() == 1);

    // the cluster sent it before this node followed it: the store (here: none) answers instead
    assertThat(subscriber.last().getString("type")).isEqualTo("missing");
  }

  @Test
  void aChangeHeardTwiceIsPassedOnOnce() {
    RecordingSubscriber subscriber = new RecordingSubscriber();
    lane.execute(() -> lane.follow(outbox(subscriber), "job-1", false));
    lane.offer(new Change(Change.Kind.UPDATED, state(3)));
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.queued() == 0);
    // two listener registrations overlapping for a moment deliver the same change twice
    lane.offer(new Change(Change.Kind.UPDATED, state(3)));
    lane.offer(new Change(Change.Kind.UPDATED, state(4)));
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.received.size() >= 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.queued() == 0);

    assertThat(subscriber.received)
        .extracting(message -> message.getString("type"))
        .containsExactly("missing", "update", "update");
    assertThat(subscriber.last().getJsonNumber("version").longValue()).isEqualTo(4);
  }

  @Test
  void aChangeThatComesAfterTheLaneShutDownIsDroppedQuietly() {
    // a stopping node's lanes shut down before its backplane stops delivering the cluster's events
    lane.shutdown();

    lane.offer(new Change(Change.Kind.UPDATED, state(4)));
    lane.execute(() -> {});

    assertThat(counters.queued()).isZero();
  }

  private static Document state(long version) {
    return new Document(
        "job-1",
        version,
        "e1",
        Instant.parse("2026-12-04T12:00:00Z"),
        "agent",
        0,
        false,
        3600,
        JsonValue.EMPTY_JSON_OBJECT);
  }

  private Outbox outbox(Subscriber subscriber) {
    StreamLimits limits =
        new StreamLimits(4, 4096, 3, Duration.ofSeconds(10), 5, Duration.ofSeconds(25), 1);
    return new Outbox(
        subscriber,
        "reader",
        null,
        limits,
        counters,
        System::nanoTime,
        new Outbox.Host() {
          @Override
          public void send(Runnable pump) {
            pump.run();
          }

          @Override
          public void end(Outbox outbox, int code, String reason) {}
        });
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
