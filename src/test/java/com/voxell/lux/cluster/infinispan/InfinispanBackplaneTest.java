package com.voxell.lux.cluster.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.cluster.control.OrderedHandoff;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.problems.entity.Problem;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.partitionhandling.AvailabilityMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backplane on a real (local) Infinispan cache: every write reaches the listeners once, in
 * order, with the reason of a removal; a write during which the cluster lost a member is not
 * acknowledged (the view it checks is the test's). The clustered behaviour is {@code
 * WildFlyClusterIT}'s and {@code bench/cluster/split.py --server wildfly}'s.
 */
class InfinispanBackplaneTest {

  private DefaultCacheManager container;
  private OrderedHandoff handoff;
  private InfinispanBackplane backplane;
  private final List<Change> heard = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void localCache() {
    container = new DefaultCacheManager();
    container.defineConfiguration("documents", new ConfigurationBuilder().build());
    handoff = new OrderedHandoff(4, Executors.defaultThreadFactory());
    backplane = new InfinispanBackplane(container.getCache("documents"), handoff);
    backplane.listen(heard::add);
  }

  @AfterEach
  void stop() {
    backplane.close();
    handoff.close();
    container.stop();
  }

  private static Outcome write(Document current, long version) {
    Document next =
        new Document(
            "job-1",
            version,
            "e1",
            Instant.ofEpochMilli(version),
            "agent",
            0,
            false,
            0,
            Json.createObjectBuilder().add("v", version).build());
    return new Outcome(next, current == null ? Change.Kind.CREATED : Change.Kind.UPDATED);
  }

  @Test
  void everyChangeReachesTheListenersOnceInOrderWithTheReasonOfItsRemoval() {
    for (long version = 1; version <= 20; version++) {
      long v = version;
      backplane.apply("job-1", current -> write(current, v));
    }
    backplane.apply("job-1", current -> new Outcome(null, Change.Kind.DELETED));

    await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= 21);
    assertThat(heard).hasSize(21);
    assertThat(heard.get(0).kind()).isEqualTo(Change.Kind.CREATED);
    assertThat(heard.subList(0, 20).stream().map(c -> c.document().version()))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(heard.get(20).kind()).isEqualTo(Change.Kind.DELETED);
    assertThat(heard.get(20).document().version()).isEqualTo(20);
    assertThat(backplane.get("job-1")).isNull();
    assertThat(backplane.size()).isZero();
  }

  @Test
  void listingsAndScansReadTheCache() {
    for (String id : List.of("b-2", "a-1", "b-1")) {
      backplane.apply(
          id,
          current ->
              new Outcome(
                  new Document(
                      id,
                      1,
                      "e",
                      Instant.EPOCH,
                      "w",
                      0,
                      false,
                      0,
                      Json.createObjectBuilder().build()),
                  Change.Kind.CREATED));
    }
    assertThat(backplane.page("b-", null, 10).stream().map(Document::id))
        .containsExactly("b-1", "b-2");
    List<String> scanned = new ArrayList<>();
    backplane.scan(2, batch -> batch.forEach(document -> scanned.add(document.id())));
    assertThat(scanned).containsExactlyInAnyOrder("a-1", "b-1", "b-2");
  }

  /**
   * What the node cut off by a split met: its write's backups left the view while it waited for
   * them, so Infinispan completed the write with its only copy here, a moment before partition
   * handling degraded the cache.
   */
  @Test
  void aWriteDuringWhichAMemberLeftTheViewIsNotAcknowledged() {
    AtomicReference<List<String>> view = new AtomicReference<>(List.of("a", "b", "c"));
    InfinispanBackplane cutOff =
        withView(
            new WriteConfirmation(view::get, id -> List.of(), () -> AvailabilityMode.AVAILABLE));
    try {
      assertUnconfirmed(
          () ->
              cutOff.apply(
                  "job-1",
                  current -> {
                    view.set(List.of("c")); // a and b are dropped while the write runs
                    return write(current, 1);
                  }));
    } finally {
      cutOff.close();
    }
  }

  /** The view already lost the members the cache's topology still names as the id's owners. */
  @Test
  void aWriteWhoseOwnersAreNotAllInTheViewIsNotAcknowledged() {
    InfinispanBackplane cutOff =
        withView(
            new WriteConfirmation(
                () -> List.of("c"),
                id -> List.of("a", "b", "c"),
                () -> AvailabilityMode.AVAILABLE));
    try {
      assertUnconfirmed(() -> cutOff.apply("job-1", current -> write(current, 1)));
    } finally {
      cutOff.close();
    }
  }

  @Test
  void aWriteWithEveryOwnerInAnUnchangedViewIsAcknowledged() {
    InfinispanBackplane whole =
        withView(
            new WriteConfirmation(
                () -> List.of("a", "b", "c"),
                id -> List.of("a", "b", "c"),
                () -> AvailabilityMode.AVAILABLE));
    try {
      assertThat(whole.apply("job-1", current -> write(current, 1)).next().version()).isEqualTo(1);
    } finally {
      whole.close();
    }
  }

  /**
   * Only a write the cluster could not confirm may leave a copy to take back after a heal: a write
   * the mutation refused (a failed {@code If-Match}, a missing document) stored nothing, and the
   * document it names may hold an acknowledged state.
   */
  @Test
  void onlyAWriteTheClusterCouldNotConfirmIsReportedUnconfirmed() {
    List<String> reported = new ArrayList<>();
    WriteConfirmation lostMembers =
        new WriteConfirmation(
            () -> List.of("c"), id -> List.of("a", "c"), () -> AvailabilityMode.AVAILABLE);

    assertThatThrownBy(
            () ->
                lostMembers.confirm(
                    "job-1",
                    () -> {
                      throw Problem.notFound("job-1");
                    },
                    () -> reported.add("refused by the mutation")))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("job-1");
    assertUnconfirmed(
        () -> lostMembers.confirm("job-2", () -> "written", () -> reported.add("job-2")));

    assertThat(reported).containsExactly("job-2");
  }

  private InfinispanBackplane withView(WriteConfirmation confirmation) {
    return new InfinispanBackplane(container.getCache("documents"), handoff, confirmation);
  }

  private static void assertUnconfirmed(ThrowingCallable write) {
    MinorityRefusalTest.assertRefused(write, "may or may not have been applied");
  }
}
