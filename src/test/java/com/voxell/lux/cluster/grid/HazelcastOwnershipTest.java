package com.voxell.lux.cluster.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteOptions;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.support.MutableClock;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * When a member leaves, the survivor owns its documents and runs their timers: a node keeps the
 * timers of what it wrote, and reads those of the ids it owns again when ownership moves, so the
 * documents the leaving member wrote are timed though the survivor never heard of them.
 */
class HazelcastOwnershipTest {

  private static final int DOCUMENTS = 40;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void theSurvivorRunsTheLeasesOfTheMemberThatLeft() throws IOException {
    try (TwoMembers members = TwoMembers.start()) {
      HazelcastInstance memberA = members.a();
      HazelcastInstance memberB = members.b();
      HazelcastBackplane planeA = TwoMembers.backplane(memberA, 1);
      HazelcastBackplane planeB = TwoMembers.backplane(memberB, 1);
      DocumentStore onA = new DocumentStore(planeA, Limits.DEFAULTS, clock);
      DocumentStore onB = new DocumentStore(planeB, Limits.DEFAULTS, clock);
      // B writes them all, so their timers wait on B; A hears none of it (nothing followed)
      IntStream.range(0, DOCUMENTS)
          .forEach(
              i ->
                  onB.write(
                      DocumentId.of("job-" + i),
                      WriteKind.PUT,
                      new WriteRequest(JsonValue.EMPTY_JSON_OBJECT, new WriteOptions(5L, null)),
                      Precondition.NONE,
                      Writer.unlimited("agent")));
      assertThat(planeB.ownedIds()).as("B owns some of the documents").isNotEmpty();

      memberB.getLifecycleService().terminate();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> memberA.getCluster().getMembers().size() == 1);
      clock.advance(Duration.ofSeconds(6));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                onA.sweep();
                clock.advance(Duration.ofSeconds(1)); // within the re-read window after the move
                return IntStream.range(0, DOCUMENTS).allMatch(i -> planeA.get("job-" + i).stale());
              });
    }
  }
}
