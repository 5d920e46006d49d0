package com.voxell.lux.insight.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.Interest;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteOptions;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.insight.entity.Rollup;
import com.voxell.lux.support.MutableClock;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollupFeedTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final LocalBackplane backplane = new LocalBackplane();
  private final DocumentStore store =
      new DocumentStore(backplane, Limits.DEFAULTS, new InsightSettings(4, 10, 60), clock);
  private final RollupFeed feed = new RollupFeed(store, Interest.EVERYTHING);

  {
    backplane.listen(feed);
  }

  private void write(String id, String data, WriteOptions options) {
    JsonObject object = JsonText.PROVIDER.createReader(new StringReader(data)).readObject();
    store.write(
        DocumentId.of(id),
        WriteKind.PUT,
        new WriteRequest(object, options),
        Precondition.NONE,
        new Writer("agent", 0));
  }

  private void write(String id, String data) {
    write(id, data, WriteOptions.NONE);
  }

  private void seconds(long seconds) {
    clock.advance(Duration.ofSeconds(seconds));
  }

  @Test
  void countsTheFleetUnderThePrefix() {
    write("job-1", "{\"status\":\"waiting\"}");
    seconds(10);
    write("job-2", "{\"status\":\"waiting\"}");
    write("job-3", "{\"status\":\"failed\"}");
    write("job-4", "{\"status\":\"fetching\",\"progress\":5}", new WriteOptions(5L, null));
    write("job-5", "{\"status\":\"fetching\",\"progress\":5}");
    write("job-6", "{\"summary\":\"no status\"}", new WriteOptions(5L, null));
    write("other-1", "{\"status\":\"failed\"}");
    seconds(5);
    write("job-5", "{\"status\":\"fetching\",\"progress\":5}");
    seconds(60);
    write("job-1", "{\"status\":\"waiting\"}");
    store.sweep();
    store.sweep();

    Rollup rollup = RollupTally.of(store, "job-");
    assertThat(rollup.total()).isEqualTo(6);
    assertThat(rollup.byStatus()).isEqualTo(Map.of("waiting", 2, "failed", 1, "fetching", 2));
    assertThat(rollup.waiting()).isEqualTo(2);
    assertThat(rollup.failed()).isEqualTo(1);
    assertThat(rollup.stale()).isEqualTo(2);
    assertThat(rollup.stalled()).isEqualTo(1);
    assertThat(rollup.oldestStale()).isEqualTo("job-4");
    assertThat(rollup.longestWaiting()).isEqualTo("job-1");
    assertThat(RollupTally.of(store, "").total()).isEqualTo(7);
    assertThat(RollupTally.of(store, "none-").total()).isZero();
    assertThat(RollupTally.of(store, "none-").oldestStale()).isNull();
  }

  @Test
  void countsFleetsLargerThanAPage() {
    for (int i = 0; i < 2500; i++) {
      write("bulk-" + i, "{\"status\":\"queued\"}");
    }
    assertThat(RollupTally.of(store, "bulk-").byStatus()).isEqualTo(Map.of("queued", 2500));
  }

  @Test
  void sendsAtOnceThenOneConflatedMessagePerTickAndOnlyWhenItMoved() {
    List<String> received = new ArrayList<>();
    List<String> others = new ArrayList<>();
    feed.subscribe("job-", received::add);
    feed.subscribe("other-", others::add);
    assertThat(received).hasSize(1);
    assertThat(JsonText.PROVIDER.createReader(new StringReader(received.get(0))).readObject())
        .containsEntry("type", JsonText.PROVIDER.createValue("rollup"))
        .containsEntry("total", JsonText.PROVIDER.createValue(0));

    for (int i = 0; i < 100; i++) {
      write("job-" + (i % 3), "{\"status\":\"fetching\",\"progress\":" + i + "}");
    }
    feed.publishDue();
    assertThat(received).hasSize(2);
    assertThat(received.get(1)).contains("\"total\":3").contains("\"fetching\":3");
    assertThat(others).hasSize(1);

    write("job-0", "{\"status\":\"fetching\",\"progress\":100}");
    feed.publishDue();
    assertThat(received).as("the counts did not move").hasSize(2);
    feed.publishDue();
    assertThat(received).hasSize(2);
  }

  @Test
  void anUnsubscribedSinkHearsNothingMore() {
    List<String> received = new ArrayList<>();
    Runnable unsubscribe = feed.subscribe("job-", received::add);
    unsubscribe.run();
    write("job-1", "{\"status\":\"failed\"}");
    feed.publishDue();
    assertThat(received).hasSize(1);
  }
}
