package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import jakarta.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldEntriesTest {

  private final MemoryEntries cluster = new MemoryEntries();

  private static String text(Change.Kind kind, String epoch, long version) {
    return ChangeText.of(
        new Change(
            kind,
            new Document(
                "job-1",
                version,
                epoch,
                Instant.ofEpochMilli(1_000 * version),
                "agent",
                0,
                false,
                0,
                Json.createObjectBuilder().add("v", version).build())));
  }

  private static Map<String, String> held(String text) {
    return Map.of("job-1", text);
  }

  @Test
  void aNewerVersionHeldByTheMemberThatMergedInReplacesTheClusters() {
    cluster.put("job-1", text(Change.Kind.UPDATED, "e1", 1));
    String mine = text(Change.Kind.UPDATED, "e1", 2);

    assertThat(HeldEntries.offer(cluster.entries(), held(mine), false))
        .isEqualTo(new HeldEntries.Kept(1, 0));

    assertThat(cluster.get("job-1")).isEqualTo(mine);
  }

  @Test
  void anOlderOrEqualVersionLeavesTheClustersEntry() {
    String theirs = text(Change.Kind.UPDATED, "e1", 3);
    cluster.put("job-1", theirs);

    assertThat(HeldEntries.offer(cluster.entries(), held(text(Change.Kind.UPDATED, "e1", 2)), true))
        .isEqualTo(new HeldEntries.Kept(0, 0));
    assertThat(HeldEntries.offer(cluster.entries(), held(text(Change.Kind.UPDATED, "e1", 3)), true))
        .isEqualTo(new HeldEntries.Kept(0, 0));

    assertThat(cluster.get("job-1")).isEqualTo(theirs);
  }

  @Test
  void anotherIncarnationOfTheDocumentIsNeverReplacedWhateverItsVersion() {
    String recreated = text(Change.Kind.CREATED, "e2", 1);
    cluster.put("job-1", recreated);

    HeldEntries.offer(cluster.entries(), held(text(Change.Kind.UPDATED, "e1", 9)), true);

    assertThat(cluster.get("job-1")).isEqualTo(recreated);
  }

  @Test
  void aRemovalTheClusterHoldsStaysAndARemovalHeldIsNotOffered() {
    String tombstone = text(Change.Kind.DELETED, "e1", 1);
    cluster.put("job-1", tombstone);

    HeldEntries.offer(cluster.entries(), held(text(Change.Kind.UPDATED, "e1", 2)), true);
    assertThat(cluster.get("job-1")).isEqualTo(tombstone);

    cluster.clear();
    HeldEntries.offer(cluster.entries(), held(text(Change.Kind.DELETED, "e1", 2)), true);
    assertThat(cluster.get("job-1")).isNull();
  }

  @Test
  void aDocumentTheClusterLacksComesBackOnlyIfTheSideMergedIntoCouldNotDeleteIt() {
    String mine = text(Change.Kind.UPDATED, "e1", 2);

    HeldEntries.offer(cluster.entries(), held(mine), false);
    assertThat(cluster.get("job-1"))
        .as("the side merged into had a quorum: maybe deleted")
        .isNull();

    assertThat(HeldEntries.offer(cluster.entries(), held(mine), true))
        .isEqualTo(new HeldEntries.Kept(0, 1));
    assertThat(cluster.get("job-1")).as("no quorum there: it lost it").isEqualTo(mine);
  }

  @Test
  void aWriteOnTheClusterBetweenReadAndReplaceIsDecidedOnAgain() {
    cluster.put("job-1", text(Change.Kind.UPDATED, "e1", 1));
    String rival = text(Change.Kind.UPDATED, "e1", 5);
    cluster.beforeNextWrite(() -> cluster.put("job-1", rival));

    HeldEntries.offer(cluster.entries(), held(text(Change.Kind.UPDATED, "e1", 2)), false);

    assertThat(cluster.get("job-1")).isEqualTo(rival);
  }
}
