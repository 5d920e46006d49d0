package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DocumentPagesTest {

  private final Map<String, String> texts = new HashMap<>();
  private final List<Set<String>> reads = new ArrayList<>();
  private final Function<Set<String>, Map<String, String>> read =
      ids -> {
        reads.add(ids);
        Map<String, String> found = new HashMap<>();
        ids.forEach(id -> found.put(id, texts.get(id)));
        return found;
      };

  private void store(String id, Change.Kind kind) {
    Document document =
        new Document(id, 1, "e", Instant.EPOCH, "w", 0, false, 0, JsonValue.EMPTY_JSON_OBJECT);
    texts.put(id, ChangeText.of(new Change(kind, document)));
  }

  private List<String> ids(String prefix, String after, int limit) {
    return DocumentPages.page(texts.keySet(), prefix, after, limit, read, new ParsedChanges())
        .stream()
        .map(Document::id)
        .toList();
  }

  @Test
  void aPageHoldsTheIdsWithThePrefixInOrderAfterTheCursor() {
    for (String id : List.of("job-3", "job-1", "other-1", "job-2", "job-4")) {
      store(id, Change.Kind.CREATED);
    }
    assertThat(ids("job-", null, 2)).containsExactly("job-1", "job-2");
    assertThat(ids("job-", "job-2", 2)).containsExactly("job-3", "job-4");
    assertThat(ids("", null, 10)).containsExactly("job-1", "job-2", "job-3", "job-4", "other-1");
  }

  @Test
  void aTombstoneIsNotListed() {
    store("job-1", Change.Kind.CREATED);
    store("job-2", Change.Kind.DELETED);
    assertThat(ids("job-", null, 10)).containsExactly("job-1");
  }

  @Test
  void aScanReadsEachBatchInOneCallAndHandsOverEveryLiveDocumentOnce() {
    for (int i = 0; i < 7; i++) {
      store("job-" + i, Change.Kind.CREATED);
    }
    store("gone", Change.Kind.DELETED);
    List<String> handed = new ArrayList<>();
    DocumentPages.scan(
        texts.keySet(),
        3,
        read,
        new ParsedChanges(),
        batch -> batch.forEach(document -> handed.add(document.id())));
    assertThat(handed)
        .containsExactlyInAnyOrder("job-0", "job-1", "job-2", "job-3", "job-4", "job-5", "job-6");
    assertThat(reads).extracting(Set::size).containsExactly(3, 3, 2);
  }
}
