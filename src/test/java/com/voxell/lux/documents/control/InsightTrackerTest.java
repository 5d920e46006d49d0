package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.TimelineEntry;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteOptions;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.support.MutableClock;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rate, ETA, stall and timeline as the store derives them, against scripted jobs and a clock. */
class InsightTrackerTest {

  private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
  private static final DocumentId ID = DocumentId.of("workflow-insight");
  private static final Writer WRITER = new Writer("agent", 0);

  private final MutableClock clock = new MutableClock(START);
  private final LocalBackplane backplane = new LocalBackplane();
  private final List<Change> changes = new ArrayList<>();
  private DocumentStore store =
      new DocumentStore(backplane, Limits.DEFAULTS, new InsightSettings(4, 3, 300), clock);

  {
    backplane.listen(changes::add);
  }

  private static JsonObject json(String text) {
    return JsonText.PROVIDER.createReader(new StringReader(text)).readObject();
  }

  private Insight write(String data) {
    return write(data, WriteOptions.NONE);
  }

  private Insight write(String data, WriteOptions options) {
    JsonObject object = json(data);
    return store
        .write(ID, WriteKind.PUT, new WriteRequest(object, options), Precondition.NONE, WRITER)
        .document()
        .insight();
  }

  private Insight patch(String data) {
    JsonObject object = json(data);
    return store
        .write(
            ID,
            WriteKind.PATCH,
            new WriteRequest(object, WriteOptions.NONE),
            Precondition.NONE,
            WRITER)
        .document()
        .insight();
  }

  private void minutes(double minutes) {
    clock.advance(Duration.ofMillis(Math.round(minutes * 60_000)));
  }

  private Instant at(double minutes) {
    return START.plusMillis(Math.round(minutes * 60_000));
  }

  @Test
  void steadyProgressGivesRateAndEta() {
    write("{\"progress\":0}");
    for (int minute = 1; minute <= 3; minute++) {
      minutes(1);
      write("{\"progress\":" + minute * 10 + "}");
    }
    Insight insight = store.get(ID).insight();
    assertThat(insight.rate()).isEqualTo(10.0);
    assertThat(Instant.ofEpochMilli(insight.eta())).isEqualTo(at(10));
  }

  @Test
  void aBurstThenAPauseSlowsTheEstimateDown() {
    write("{\"progress\":0}");
    minutes(1);
    write("{\"progress\":20}");
    minutes(4);
    Insight paused = write("{\"progress\":20,\"summary\":\"still here\"}");
    assertThat(paused.rate()).isPositive().isLessThan(20.0);
    assertThat(Instant.ofEpochMilli(paused.eta())).isAfter(at(5 + 80 / 20.0));
  }

  @Test
  void noEstimateWhileProgressHasNotMoved() {
    Insight first = write("{\"progress\":40}");
    minutes(1);
    Insight same = write("{\"progress\":40}");
    assertThat(first.hasRate()).isFalse();
    assertThat(first.hasEta()).isFalse();
    assertThat(same.hasRate()).isFalse();
    assertThat(same.hasEta()).isFalse();
  }

  @Test
  void noEstimateWhenProgressIsUnknownOrMissing() {
    write("{\"progress\":10}");
    minutes(1);
    write("{\"progress\":20}");
    minutes(1);
    Insight text = write("{\"progress\":\"about half\"}");
    assertThat(text.hasRate()).isFalse();
    assertThat(text.hasEta()).isFalse();
    assertThat(text.window().size()).isZero();
    minutes(1);
    Insight missing = write("{\"step\":\"x\"}");
    assertThat(missing.hasEta()).isFalse();
  }

  @Test
  void goingBackwardsDropsTheEstimateAndStartsOver() {
    write("{\"progress\":50}");
    minutes(1);
    write("{\"progress\":60}");
    minutes(1);
    Insight back = write("{\"progress\":5}");
    assertThat(back.hasRate()).isFalse();
    assertThat(back.hasEta()).isFalse();
    minutes(1);
    Insight again = write("{\"progress\":35}");
    assertThat(again.rate()).isEqualTo(30.0);
    assertThat(Instant.ofEpochMilli(again.eta())).isEqualTo(at(3 + 65 / 30.0));
  }

  @Test
  void theWindowFollowsAChangeOfPace() {
    write("{\"progress\":0}");
    for (int minute = 1; minute <= 10; minute++) {
      minutes(1);
      write("{\"progress\":" + minute + "}");
    }
    for (int minute = 1; minute <= 4; minute++) {
      minutes(1);
      write("{\"progress\":" + (10 + minute * 5) + "}");
    }
    assertThat(store.get(ID).insight().rate()).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void noEtaOnceDoneOrResting() {
    write("{\"progress\":0}");
    minutes(1);
    Insight complete = write("{\"progress\":50,\"status\":\"complete\"}");
    assertThat(complete.rate()).isEqualTo(50.0);
    assertThat(complete.hasEta()).isFalse();
    minutes(1);
    Insight hundred = write("{\"progress\":100}");
    assertThat(hundred.hasEta()).isFalse();
  }

  @Test
  void writesWithoutMovementPastTheStallTimeMarkTheJobStalledOnce() {
    write("{\"progress\":10,\"step\":\"fetch\"}");
    minutes(2);
    write("{\"progress\":10,\"step\":\"fetch\",\"summary\":\"heartbeat\"}");
    minutes(2.9);
    store.sweep();
    assertThat(store.get(ID).insight().stalled()).isFalse();
    minutes(0.1);
    changes.clear();
    store.sweep();
    store.sweep();
    Document stalled = store.get(ID);
    assertThat(stalled.insight().stalled()).isTrue();
    assertThat(stalled.version()).isEqualTo(2);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).kind()).isEqualTo(Change.Kind.UPDATED);
    assertThat(changes.get(0).document().insight().stalled()).isTrue();
    assertThat(json(DocumentJson.text(stalled, false)).getJsonObject("data").containsKey("stalled"))
        .isFalse();

    minutes(1);
    assertThat(write("{\"progress\":10,\"step\":\"fetch\"}").stalled()).isTrue();
    minutes(1);
    assertThat(write("{\"progress\":11,\"step\":\"fetch\"}").stalled()).isFalse();
  }

  @Test
  void aWriteArrivingAfterTheStallTimeMarksItWithoutTheSweep() {
    write("{\"step\":\"fetch\"}");
    minutes(6);
    assertThat(write("{\"step\":\"fetch\"}").stalled()).isTrue();
    minutes(1);
    assertThat(write("{\"step\":\"parse\"}").stalled()).isFalse();
  }

  @Test
  void aSilentJobIsNotStalled() {
    write("{\"progress\":10}");
    minutes(30);
    store.sweep();
    assertThat(store.get(ID).insight().stalled()).isFalse();
  }

  @Test
  void theStallOptionSetsTheTimeAndZeroTurnsItOff() {
    write("{\"progress\":1}", new WriteOptions(null, null, 60L));
    minutes(0.5);
    write("{\"progress\":1}");
    minutes(0.5);
    store.sweep();
    assertThat(store.get(ID).insight().stalled()).isTrue();

    write("{\"progress\":2}", new WriteOptions(null, null, 0L));
    minutes(10);
    assertThat(write("{\"progress\":2}").stalled()).isFalse();
    store.sweep();
    assertThat(store.get(ID).insight().stalled()).isFalse();
  }

  @Test
  void aJobWaitingForAPersonOrFinishedNeverStalls() {
    write("{\"status\":\"waiting\",\"progress\":40}");
    minutes(10);
    assertThat(write("{\"status\":\"waiting\",\"progress\":40}").stalled()).isFalse();
    store.sweep();
    assertThat(store.get(ID).insight().stalled()).isFalse();
  }

  @Test
  void aStaleJobIsNotMarkedStalled() {
    write("{\"progress\":1}", new WriteOptions(30L, null));
    minutes(0.25);
    write("{\"progress\":1}");
    minutes(6);
    store.sweep();
    store.sweep();
    Document document = store.get(ID);
    assertThat(document.stale()).isTrue();
    assertThat(document.insight().stalled()).isFalse();
  }

  @Test
  void stepAndStatusChangesBuildTheTimeline() {
    write("{\"status\":\"planning\",\"step\":\"plan\"}");
    minutes(1);
    patch("{\"step\":\"fetch\",\"status\":\"fetching\"}");
    minutes(2);
    patch("{\"progress\":50}");
    minutes(1);
    Insight insight = patch("{\"status\":\"waiting\"}");
    assertThat(insight.timeline())
        .containsExactly(
            new TimelineEntry("plan", "planning", START.toEpochMilli(), at(1).toEpochMilli()),
            new TimelineEntry("fetch", "fetching", at(1).toEpochMilli(), at(4).toEpochMilli()));
    assertThat(insight.timeline().get(1).durationMs()).isEqualTo(180_000);
    assertThat(insight.step()).isEqualTo("fetch");
    assertThat(insight.status()).isEqualTo("waiting");
    assertThat(insight.stepSince()).isEqualTo(at(4).toEpochMilli());
  }

  @Test
  void removingStepAndStatusClosesTheOpenEntry() {
    write("{\"status\":\"fetching\",\"step\":\"a\"}");
    minutes(1);
    Insight removed = write("{\"progress\":3}");
    assertThat(removed.step()).isNull();
    assertThat(removed.status()).isNull();
    assertThat(removed.hasOpenStep()).isFalse();
    assertThat(removed.timeline()).extracting(TimelineEntry::step).containsExactly("a");
  }

  @Test
  void theTimelineKeepsOnlyTheNewestEntries() {
    for (int step = 1; step <= 6; step++) {
      write("{\"step\":\"s" + step + "\"}");
      minutes(1);
    }
    assertThat(store.get(ID).insight().timeline())
        .extracting(TimelineEntry::step)
        .containsExactly("s3", "s4", "s5");
  }

  @Test
  void aRecreatedDocumentStartsAFreshTimeline() {
    write("{\"step\":\"a\"}");
    minutes(1);
    write("{\"step\":\"b\"}");
    store.delete(ID, Precondition.NONE, WRITER);
    Insight fresh = write("{\"step\":\"c\"}");
    assertThat(fresh.timeline()).isEmpty();
  }

  @Test
  void derivedRendersBesideDataNeverInIt() {
    write("{\"status\":\"fetching\",\"step\":\"a\",\"progress\":0}");
    minutes(1);
    write("{\"status\":\"fetching\",\"step\":\"b\",\"progress\":25}");
    Document document = store.get(ID);
    JsonObject plain = json(DocumentJson.text(document, false));
    assertThat(plain.getJsonObject("data").toString())
        .isEqualTo("{\"status\":\"fetching\",\"step\":\"b\",\"progress\":25}");
    JsonObject derived = plain.getJsonObject("derived");
    assertThat(derived.getBoolean("stalled")).isFalse();
    assertThat(derived.getJsonNumber("rate").doubleValue()).isEqualTo(25.0);
    assertThat(derived.getString("eta")).isEqualTo("2026-11-25T12:04:00.000Z");
    assertThat(derived.getString("movedAt")).isEqualTo("2026-11-25T12:01:00.000Z");
    assertThat(derived.containsKey("timeline")).isFalse();

    JsonObject timeline = json(DocumentJson.text(document, true)).getJsonObject("derived");
    assertThat(timeline.getJsonArray("timeline").toString())
        .isEqualTo(
            "[{\"step\":\"a\",\"status\":\"fetching\",\"startedAt\":\"2026-11-25T12:00:00.000Z\","
                + "\"endedAt\":\"2026-11-25T12:01:00.000Z\",\"durationMs\":60000},"
                + "{\"step\":\"b\",\"status\":\"fetching\",\"startedAt\":\"2026-11-25T12:01:00.000Z\","
                + "\"endedAt\":null,\"durationMs\":null}]");
    JsonObject listed =
        json(DocumentJson.page(List.of(document), null)).getJsonArray("items").getJsonObject(0);
    assertThat(listed.getJsonObject("derived").getBoolean("stalled")).isFalse();
  }

  @Test
  void aDocumentWithNothingDerivedStartsAfresh() {
    Insight next =
        InsightTracker.next(
            Insight.NONE,
            JsonText.BUILDERS.createObjectBuilder().add("step", "a").build(),
            START.toEpochMilli(),
            null,
            InsightSettings.DEFAULTS);
    assertThat(next.stallSeconds()).isEqualTo(300);
    assertThat(next.movedAt()).isEqualTo(START.toEpochMilli());
    assertThat(next.stepSince()).isEqualTo(START.toEpochMilli());
    assertThat(next.timeline()).isEmpty();
  }

  @Test
  void aDefaultSettingsStoreUsesFiveMinutes() {
    store = new DocumentStore(new LocalBackplane(), Limits.DEFAULTS, clock);
    Insight insight = write("{\"progress\":1}");
    assertThat(insight.stallSeconds()).isEqualTo(InsightSettings.DEFAULTS.defaultStallSeconds());
  }
}
