package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.problems.entity.Problem;
import jakarta.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareAndSetWritesTest {

  private final MemoryEntries entries = new MemoryEntries();

  private static Document version(long version) {
    return new Document(
        "job-1",
        version,
        "e1",
        Instant.ofEpochMilli(1_000 * version),
        "agent",
        0,
        false,
        0,
        Json.createObjectBuilder().add("v", version).build());
  }

  private static String text(Change.Kind kind, long version) {
    return ChangeText.of(new Change(kind, version(version)));
  }

  @Test
  void aRivalWriteBetweenReadAndStoreMakesTheMutationDecideAgainOnTheNewState() {
    entries.put("job-1", text(Change.Kind.CREATED, 1));
    entries.beforeNextWrite(() -> entries.put("job-1", text(Change.Kind.UPDATED, 2)));
    List<Long> seen = new ArrayList<>();

    Outcome outcome =
        CompareAndSetWrites.apply(
            entries.entries(),
            new ParsedChanges(),
            "job-1",
            current -> {
              seen.add(current.version());
              return new Outcome(version(current.version() + 1), Change.Kind.UPDATED);
            });

    assertThat(seen).containsExactly(1L, 2L);
    assertThat(outcome.next().version()).isEqualTo(3);
    assertThat(ChangeText.current(entries.get("job-1")).version()).isEqualTo(3);
  }

  @Test
  void theWriterHearsItsOwnWriteBackWithTheMessageItRenderedForTheGrid() {
    ParsedChanges parsed = new ParsedChanges();
    CompareAndSetWrites.apply(
        entries.entries(),
        parsed,
        "job-1",
        current -> new Outcome(version(1), Change.Kind.CREATED));
    String stored = entries.get("job-1");
    Change heard = parsed.change("job-1", new String(stored.toCharArray()));
    assertThat(heard.message())
        .as("its lane sends the grid's update line, not a second rendering")
        .isEqualTo(stored.substring(stored.indexOf('\n') + 1));
  }

  @Test
  void aRefusalThrowsOnTheCallerAndStoresNothing() {
    entries.put("job-1", text(Change.Kind.CREATED, 1));
    assertThatThrownBy(
            () ->
                CompareAndSetWrites.apply(
                    entries.entries(),
                    new ParsedChanges(),
                    "job-1",
                    current -> {
                      throw Problem.invalid("refused");
                    }))
        .isInstanceOf(Problem.class);
    assertThat(entries.writes).isEmpty();
  }

  @Test
  void anUnchangedOutcomeWritesNothing() {
    entries.put("job-1", text(Change.Kind.CREATED, 1));
    Outcome outcome =
        CompareAndSetWrites.apply(
            entries.entries(), new ParsedChanges(), "job-1", Outcome::unchanged);
    assertThat(outcome.changed()).isFalse();
    assertThat(entries.writes).isEmpty();
  }

  @Test
  void aRemovalIsFirstStoredAsATombstoneNamingItsReasonThenRemoved() {
    entries.put("job-1", text(Change.Kind.CREATED, 1));
    CompareAndSetWrites.apply(
        entries.entries(),
        new ParsedChanges(),
        "job-1",
        current -> new Outcome(null, Change.Kind.EXPIRED));
    assertThat(entries.writes).hasSize(2);
    String tombstone = entries.writes.get(0).substring("replace ".length());
    Change told = ChangeText.change(tombstone);
    assertThat(told.kind()).isEqualTo(Change.Kind.EXPIRED);
    assertThat(told.document().version()).isEqualTo(1);
    assertThat(entries.writes.get(1)).isEqualTo("remove job-1");
    assertThat(entries.get("job-1")).isNull();
  }

  @Test
  void aWriteThatRecreatesTheDocumentAfterItsTombstoneStays() {
    entries.put("job-1", text(Change.Kind.CREATED, 1));
    MemoryEntries recreating =
        new MemoryEntries() {
          @Override
          public boolean remove(Object key, Object expected) {
            put((String) key, text(Change.Kind.CREATED, 7)); // another node's create, just in time
            return super.remove(key, expected);
          }
        };
    recreating.putAll(entries);
    CompareAndSetWrites.apply(
        recreating.entries(),
        new ParsedChanges(),
        "job-1",
        current -> new Outcome(null, Change.Kind.DELETED));
    assertThat(ChangeText.current(recreating.get("job-1")).version()).isEqualTo(7);
  }

  /** A node whose text of job-1 is version 1 while the entry's owner holds {@code version}. */
  private ParsedChanges heardVersion1WhileTheOwnerHolds(long version) {
    ParsedChanges parsed = new ParsedChanges();
    parsed.change("job-1", text(Change.Kind.CREATED, 1));
    entries.put("job-1", text(Change.Kind.UPDATED, version));
    return parsed;
  }

  private static Outcome nextVersion(Document current) {
    return new Outcome(version(current == null ? 1 : current.version() + 1), Change.Kind.UPDATED);
  }

  @Test
  void aWriteOnTheTextThisNodeLastWroteIsTheCompareAndSetAlone() {
    ParsedChanges parsed = new ParsedChanges();
    CompareAndSetWrites.apply(
        entries.entries(), parsed, "job-1", CompareAndSetWritesTest::nextVersion);
    int readsBefore = entries.reads;

    Outcome outcome =
        CompareAndSetWrites.apply(
            entries.entries(), parsed, "job-1", CompareAndSetWritesTest::nextVersion);

    assertThat(entries.reads - readsBefore).as("reads of the entry").isZero();
    assertThat(outcome.next().version()).isEqualTo(2);
    assertThat(ChangeText.current(entries.get("job-1")).version()).isEqualTo(2);
  }

  @Test
  void aWriteOnAnOutOfDateTextReadsTheEntryAndDecidesAgainOnIt() {
    ParsedChanges parsed = heardVersion1WhileTheOwnerHolds(4); // another node wrote 2..4 since
    List<Long> seen = new ArrayList<>();

    Outcome outcome =
        CompareAndSetWrites.apply(
            entries.entries(),
            parsed,
            "job-1",
            current -> {
              seen.add(current.version());
              return nextVersion(current);
            });

    assertThat(seen).containsExactly(1L, 4L);
    assertThat(outcome.next().version()).isEqualTo(5);
    assertThat(ChangeText.current(entries.get("job-1")).version()).isEqualTo(5);
  }

  @Test
  void aRefusalDecidedOnAnOutOfDateTextIsDecidedAgainOnTheEntry() {
    ParsedChanges parsed = heardVersion1WhileTheOwnerHolds(2);

    // If-Match: 2, as the writer saw it on another node
    Outcome outcome =
        CompareAndSetWrites.apply(
            entries.entries(),
            parsed,
            "job-1",
            current -> {
              if (current.version() != 2) {
                throw Problem.invalid("version " + current.version() + " is not 2");
              }
              return nextVersion(current);
            });

    assertThat(outcome.next().version()).isEqualTo(3);
  }

  @Test
  void nothingToChangeOnAnOutOfDateTextIsDecidedAgainOnTheEntry() {
    ParsedChanges parsed = heardVersion1WhileTheOwnerHolds(2);

    Outcome outcome =
        CompareAndSetWrites.apply(
            entries.entries(),
            parsed,
            "job-1",
            current -> current.version() == 1 ? Outcome.unchanged(current) : nextVersion(current));

    assertThat(outcome.changed()).isTrue();
    assertThat(ChangeText.current(entries.get("job-1")).version()).isEqualTo(3);
  }

  @Test
  void aDocumentRemovedSinceItsTextWasHeardIsCreatedAgain() {
    ParsedChanges parsed = new ParsedChanges();
    parsed.change("job-1", text(Change.Kind.CREATED, 3)); // heard, then removed on its owner

    Outcome outcome =
        CompareAndSetWrites.apply(
            entries.entries(), parsed, "job-1", CompareAndSetWritesTest::nextVersion);

    assertThat(outcome.next().version()).isEqualTo(1);
    assertThat(entries.writes).hasSize(1).first().asString().startsWith("put ");
  }
}
