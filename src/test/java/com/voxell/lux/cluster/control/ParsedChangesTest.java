package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import jakarta.json.JsonValue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParsedChangesTest {

  private final ParsedChanges parsed = new ParsedChanges();

  private static String text(Change.Kind kind, long version) {
    Document document =
        new Document(
            "job-1",
            version,
            "e1",
            Instant.parse("2026-12-04T10:00:00Z"),
            "agent",
            0,
            false,
            60,
            JsonValue.EMPTY_JSON_OBJECT);
    return ChangeText.of(new Change(kind, document));
  }

  @Test
  void theSameTextIsParsedOnceEvenAsAnotherStringObject() {
    String text = text(Change.Kind.UPDATED, 2);
    Change first = parsed.change("job-1", text);
    Change again = parsed.change("job-1", new String(text.toCharArray()));
    assertThat(again).isSameAs(first);
  }

  @Test
  void aNewerTextIsParsedAndAWrittenChangeIsNotParsedAgain() {
    parsed.change("job-1", text(Change.Kind.UPDATED, 2));
    assertThat(parsed.current("job-1", text(Change.Kind.UPDATED, 3)).version()).isEqualTo(3);
    String written = text(Change.Kind.UPDATED, 4);
    Change decided = ChangeText.change(written);
    parsed.remember("job-1", written, decided);
    assertThat(parsed.change("job-1", written)).isSameAs(decided);
  }

  @Test
  void aTombstoneOrNoEntryHoldsNoDocument() {
    assertThat(parsed.current("job-1", null)).isNull();
    assertThat(parsed.current("job-1", text(Change.Kind.DELETED, 2))).isNull();
    assertThat(parsed.change("job-1", text(Change.Kind.EXPIRED, 2)).kind())
        .isEqualTo(Change.Kind.EXPIRED);
  }

  @Test
  void aBoundedMemoryForgetsAnotherDocumentBeyondItsCapacity() {
    ParsedChanges bounded = new ParsedChanges(3);
    String text = text(Change.Kind.UPDATED, 2);
    Change change = ChangeText.change(text);
    for (int i = 1; i <= 10; i++) {
      bounded.remember("job-" + i, text, change);
      assertThat(bounded.text("job-" + i)).as("the one just written stays").isEqualTo(text);
    }
    long held =
        java.util.stream.IntStream.rangeClosed(1, 10)
            .filter(i -> bounded.text("job-" + i) != null)
            .count();
    assertThat(held).isEqualTo(3);
  }
}
