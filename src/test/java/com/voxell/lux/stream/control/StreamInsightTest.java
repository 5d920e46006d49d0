package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.Interest;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.insight.control.RollupFeed;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.entity.StreamLimits;
import com.voxell.lux.stream.entity.StreamRequest;
import com.voxell.lux.support.MutableClock;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the stream carries of the job insight: derived values, timelines, stalls and roll-ups. */
class StreamInsightTest {

  private static final Writer AGENT = Writer.unlimited("agent");

  private final MutableClock clock = MutableClock.atEpochMillis(1_790_000_000_000L);
  private final LocalBackplane backplane = new LocalBackplane();
  private final DocumentStore store =
      new DocumentStore(backplane, Limits.DEFAULTS, new InsightSettings(8, 50, 60), clock);
  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
  private final SubscriptionRegistry registry =
      new SubscriptionRegistry(
          backplane,
          new StreamLimits(2, 4096, 3, Duration.ofSeconds(10), 16, Duration.ofSeconds(25), 3),
          Thread::new,
          Runnable::run,
          clock,
          new AtomicLong(1)::get);

  @AfterEach
  void stop() {
    registry.closeAll();
  }

  private void put(String id, String data) {
    store.write(
        DocumentId.of(id),
        WriteKind.PUT,
        reader.read(("{\"data\":" + data + "}").getBytes()),
        Precondition.NONE,
        AGENT);
  }

  private void settle() {
    await().atMost(Duration.ofSeconds(30)).until(() -> registry.counters().queued() == 0);
  }

  @Test
  void readsRollupAndTimelineRequests() {
    StreamRequest rollup = StreamRequestReader.read("{\"op\":\"subscribe\",\"rollup\":\"job-\"}");
    assertThat(rollup.forRollup()).isTrue();
    assertThat(rollup.rollup()).isEqualTo("job-");
    assertThat(
            StreamRequestReader.read("{\"op\":\"subscribe\",\"prefix\":\"j\",\"timeline\":true}")
                .timeline())
        .isTrue();
    assertThat(StreamRequestReader.read("{\"op\":\"subscribe\",\"ids\":[\"j\"]}").timeline())
        .isFalse();
    for (String bad :
        List.of(
            "{\"op\":\"subscribe\",\"rollup\":\"a\",\"prefix\":\"b\"}",
            "{\"op\":\"subscribe\",\"rollup\":7}",
            "{\"op\":\"subscribe\",\"rollup\":\"a\",\"timeline\":true}",
            "{\"op\":\"subscribe\",\"ids\":[\"a\"],\"timeline\":\"yes\"}",
            "{\"op\":\"unsubscribe\",\"ids\":[\"a\"],\"timeline\":true}")) {
      assertThatThrownBy(() -> StreamRequestReader.read(bad)).as(bad).isInstanceOf(Problem.class);
    }
  }

  @Test
  void snapshotsCarryTheTimelineOnlyWhenAskedAndUpdatesCarryDerived() {
    put("job-1", "{\"step\":\"a\",\"progress\":1}");
    clock.advance(Duration.ofSeconds(30));
    put("job-1", "{\"step\":\"b\",\"progress\":2}");
    RecordingSubscriber plain = new RecordingSubscriber();
    RecordingSubscriber withTimeline = new RecordingSubscriber();
    registry.subscribe(registry.open(plain, "reader", null), List.of("job-1"), false);
    registry.subscribePrefix(registry.open(withTimeline, "reader", null), "job-", true);
    settle();
    JsonObject snapshot = withTimeline.received.get(0);
    assertThat(snapshot.getString("type")).isEqualTo("snapshot");
    assertThat(snapshot.getJsonObject("derived").getJsonArray("timeline")).hasSize(2);
    assertThat(plain.received.get(0).getJsonObject("derived").containsKey("timeline")).isFalse();
    assertThat(plain.received.get(0).getJsonObject("derived").getJsonNumber("rate").doubleValue())
        .isEqualTo(2.0);

    clock.advance(Duration.ofSeconds(30));
    put("job-1", "{\"step\":\"c\",\"progress\":3}");
    settle();
    JsonObject update = plain.last();
    assertThat(update.getString("type")).isEqualTo("update");
    assertThat(update.getJsonObject("derived").containsKey("eta")).isTrue();
    assertThat(update.getJsonObject("data").containsKey("derived")).isFalse();
  }

  @Test
  void aStallReachesSubscribersThoughTheVersionStaysTheSame() {
    put("job-2", "{\"progress\":5}");
    clock.advance(Duration.ofSeconds(10));
    put("job-2", "{\"progress\":5}");
    RecordingSubscriber subscriber = new RecordingSubscriber();
    registry.subscribe(registry.open(subscriber, "reader", null), List.of("job-2"), false);
    settle();
    clock.advance(Duration.ofSeconds(55));
    store.sweep();
    settle();
    assertThat(subscriber.types()).containsExactly("snapshot", "update");
    JsonObject update = subscriber.last();
    assertThat(update.getJsonNumber("version").longValue()).isEqualTo(2);
    assertThat(update.getJsonObject("derived").getBoolean("stalled")).isTrue();
  }

  @Test
  void aRollupIsConflatedInTheOutboxAndStopsWhenTheConnectionCloses() {
    RollupFeed feed = new RollupFeed(store, Interest.EVERYTHING);
    backplane.listen(feed);
    RecordingSubscriber subscriber = new RecordingSubscriber();
    Outbox outbox = registry.open(subscriber, "reader", null);
    subscriber.stalled = true;
    assertThat(
            outbox.followRollup(
                "job-", 1, () -> feed.subscribe("job-", text -> outbox.offerRollup("job-", text))))
        .isTrue();
    assertThat(outbox.followRollup("other-", 1, () -> () -> {})).isFalse();
    // the first roll-up's send starts (and is held) before the writes: were they first, the
    // outbox would rightly merge every roll-up into one send
    settle();
    for (int i = 0; i < 5; i++) {
      put("job-" + i, "{\"status\":\"fetching\"}");
      feed.publishDue();
    }
    settle(); // the rest wait in the outbox, merged into the newest
    subscriber.resume();
    settle();
    assertThat(subscriber.types()).containsExactly("rollup", "rollup");
    assertThat(subscriber.last().getInt("total")).isEqualTo(5);

    registry.close(outbox);
    put("job-9", "{\"status\":\"failed\"}");
    feed.publishDue();
    settle();
    assertThat(subscriber.received).hasSize(2);
  }
}
