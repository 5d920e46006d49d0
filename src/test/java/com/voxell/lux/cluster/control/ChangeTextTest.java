package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.ProgressWindow;
import com.voxell.lux.documents.entity.TimelineEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeTextTest {

  private static final Document DOCUMENT =
      new Document(
          "job-1",
          7,
          "k3x9a",
          Instant.parse("2026-11-25T10:15:30.123Z"),
          "agents",
          30,
          true,
          3600,
          DocumentJson.BUILDERS
              .createObjectBuilder()
              .add("step", "ünïcode \"quoted\"")
              .add("n", 1.5)
              .build(),
          new Insight(
              ProgressWindow.startingAt(1_000, 10).plus(2_000, 20, 8),
              "validating",
              null,
              1_500,
              0,
              2_000,
              300,
              false,
              Double.NaN,
              0,
              List.of(new TimelineEntry("loading", null, 1_000, 1_500))));

  @Test
  void aChangeSurvivesTheTripThroughTextExactly() {
    Change change = new Change(Change.Kind.STALE, DOCUMENT);
    assertThat(ChangeText.change(ChangeText.of(change))).isEqualTo(change);
  }

  @Test
  void aTombstoneKeepsItsReasonAndLastStateButHoldsNoDocument() {
    for (Change.Kind reason : new Change.Kind[] {Change.Kind.DELETED, Change.Kind.EXPIRED}) {
      String tombstone = ChangeText.of(new Change(reason, DOCUMENT));
      assertThat(ChangeText.change(tombstone).kind()).isEqualTo(reason);
      assertThat(ChangeText.change(tombstone).document()).isEqualTo(DOCUMENT);
      assertThat(ChangeText.current(tombstone)).isNull();
    }
  }

  @Test
  void insightTextThatIsNotAnInsightIsRefused() {
    String notAnInsight =
        java.util.Base64.getEncoder().encodeToString(serialized(new java.util.HashMap<>()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InsightBytes.decode(notAnInsight))
        .isInstanceOf(IllegalStateException.class);
  }

  private static byte[] serialized(Object value) {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Test
  void anEntryThatIsNotThereHoldsNoDocument() {
    assertThat(ChangeText.current(null)).isNull();
    assertThat(ChangeText.current(ChangeText.of(new Change(Change.Kind.UPDATED, DOCUMENT))))
        .isEqualTo(DOCUMENT);
  }
}
