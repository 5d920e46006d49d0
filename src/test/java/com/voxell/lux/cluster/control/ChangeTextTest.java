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
  void anUpdatesEntryCarriesTheSubscribersMessageAndTheDataOnce() {
    Change update = new Change(Change.Kind.UPDATED, DOCUMENT);
    String text = ChangeText.of(update);
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).isEqualTo(DocumentJson.update(DOCUMENT));
    assertThat(text.split("quoted", -1)).as("the data crosses the grid once").hasSize(2);

    Change read = ChangeText.change(text);
    assertThat(read).isEqualTo(update);
    assertThat(read.message()).as("passed to subscribers as it is").isEqualTo(lines.get(1));
  }

  @Test
  void anEntryOfOneLineStillReads() {
    Change update = new Change(Change.Kind.UPDATED, DOCUMENT);
    String[] lines = ChangeText.of(update).split("\n");
    String oneLine =
        lines[0].substring(0, lines[0].length() - 1)
            + ",\"data\":"
            + DocumentJson.text(DOCUMENT.data())
            + "}";
    Change read = ChangeText.change(oneLine);
    assertThat(read).isEqualTo(update);
    assertThat(read.message()).isNull();
  }

  @Test
  void aRenewedLeaseTravelsWithTheDocumentAndAnOlderNodesEntryRunsItFromTheWrite() {
    Change renewal =
        new Change(
            Change.Kind.RENEWED, DOCUMENT.renewed(Instant.parse("2026-11-25T10:16:00.500Z"), 45));
    assertThat(ChangeText.change(ChangeText.of(renewal))).isEqualTo(renewal);

    String older = ChangeText.of(new Change(Change.Kind.UPDATED, DOCUMENT));
    older = older.replaceFirst(",\"leaseFrom\":[0-9]+", "");
    assertThat(older).doesNotContain("leaseFrom");
    assertThat(ChangeText.change(older).document().leaseFrom()).isEqualTo(DOCUMENT.updatedAt());
  }

  @Test
  void theDerivedInsightTravelsWithTheDocument() {
    Insight insight =
        new Insight(
            ProgressWindow.startingAt(1_000, 10).plus(61_000, 12.5, 8),
            "fetch",
            null,
            61_000,
            1_000,
            61_000,
            90,
            true,
            2.5,
            0,
            List.of(new TimelineEntry("plan", "planning", 1_000, 61_000)));
    Document document =
        new Document(
            "job-2",
            3,
            "k3x9a",
            Instant.parse("2026-11-25T10:15:30.123Z"),
            "agents",
            0,
            false,
            3600,
            DocumentJson.BUILDERS.createObjectBuilder().add("progress", 12.5).build(),
            insight);
    Change change = new Change(Change.Kind.UPDATED, document);
    Change back = ChangeText.change(ChangeText.of(change));
    assertThat(back).isEqualTo(change);
    assertThat(back.document().insight().window().pointsPerMinute(61_000)).isEqualTo(2.5);
    Insight noRate = InsightText.insight(InsightText.of(Insight.NONE));
    assertThat(noRate).isEqualTo(Insight.NONE);
    assertThat(noRate.hasRate()).isFalse();
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
  void anEntryThatIsNotThereHoldsNoDocument() {
    assertThat(ChangeText.current(null)).isNull();
    assertThat(ChangeText.current(ChangeText.of(new Change(Change.Kind.UPDATED, DOCUMENT))))
        .isEqualTo(DOCUMENT);
  }
}
