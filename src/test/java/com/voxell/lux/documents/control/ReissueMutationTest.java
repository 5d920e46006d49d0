package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import jakarta.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReissueMutationTest {

  private static final Instant WRITTEN = Instant.parse("2026-12-05T01:00:00Z");

  @Test
  void theStateHeldComesBackUnderTheVersionAfterTheLostOne() {
    Document held = state("e1", 4);

    Outcome outcome = new ReissueMutation("e1", 5).apply(held);

    assertThat(outcome.kind()).isEqualTo(Change.Kind.UPDATED);
    assertThat(outcome.next().version()).isEqualTo(6);
    assertThat(outcome.next()).isEqualTo(held.reissuedAs(6));
    assertThat(outcome.next().data()).isEqualTo(held.data());
    assertThat(outcome.next().updatedAt()).isEqualTo(WRITTEN);
  }

  @Test
  void aRivalOfTheSameVersionComesBackAboveIt() {
    assertThat(new ReissueMutation("e1", 5).apply(state("e1", 5)).next().version()).isEqualTo(6);
  }

  @Test
  void aDocumentThatMovedOnOrWasRemovedOrRecreatedIsLeftAsItIs() {
    assertThat(new ReissueMutation("e1", 5).apply(state("e1", 6)).changed()).isFalse();
    assertThat(new ReissueMutation("e1", 5).apply(null).changed()).isFalse();
    assertThat(new ReissueMutation("e1", 5).apply(state("e2", 1)).changed()).isFalse();
  }

  private static Document state(String epoch, long version) {
    return new Document(
        "job-1",
        version,
        epoch,
        WRITTEN,
        "agent",
        0,
        false,
        0,
        Json.createObjectBuilder().add("progress", 40).build());
  }
}
