package com.voxell.lux.cluster.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteOptions;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.support.MutableClock;
import jakarta.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two stores on two Hazelcast members in this JVM, joined over loopback TCP/IP: what one decides,
 * the other's listeners learn in order, with the reason of every removal.
 */
class HazelcastBackplaneTest {

  private static TwoMembers members;
  private static HazelcastInstance memberA;
  private static HazelcastInstance memberB;
  private static HazelcastBackplane planeA;
  private static HazelcastBackplane planeB;
  private static final List<Change> seenOnB = Collections.synchronizedList(new ArrayList<>());
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeAll
  static void twoMembers() throws IOException {
    members = TwoMembers.start();
    memberA = members.a();
    memberB = members.b();
    planeA = TwoMembers.backplane(memberA, 2);
    planeB = TwoMembers.backplane(memberB, 2);
    planeB.listen(seenOnB::add);
    // B's subscribers follow the jobs, and one id elsewhere; nothing else reaches B's listeners
    planeB.interest().follow(List.of("watched-1"), List.of("job-"));
  }

  @AfterAll
  static void stop() {
    if (members != null) {
      members.close();
    }
  }

  private static DocumentStore store(HazelcastBackplane plane) {
    return new DocumentStore(plane, Limits.DEFAULTS, CLOCK);
  }

  private static WriteRequest request(String json, Long lease, Long ttl) {
    return new WriteRequest(
        Json.createReader(new java.io.StringReader(json)).readObject(),
        new WriteOptions(lease, ttl));
  }

  private static List<Change> changesOf(String id) {
    synchronized (seenOnB) {
      return seenOnB.stream().filter(change -> change.id().equals(id)).toList();
    }
  }

  @Test
  void writesOnOneNodeReachTheOtherNodesListenersInOrder() {
    DocumentStore onA = store(planeA);
    DocumentStore onB = store(planeB);
    DocumentId id = DocumentId.of("job-order");
    for (int i = 0; i < 50; i++) {
      DocumentStore store = i % 2 == 0 ? onA : onB;
      store.write(
          id,
          WriteKind.PATCH,
          request("{\"n\":" + i + "}", null, null),
          Precondition.NONE,
          Writer.unlimited("t"));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> changesOf("job-order").size() == 50);
    List<Long> versions = changesOf("job-order").stream().map(c -> c.document().version()).toList();
    assertThat(versions).isSorted().doesNotHaveDuplicates().startsWith(1L).endsWith(50L);
    assertThat(changesOf("job-order").get(0).kind()).isEqualTo(Change.Kind.CREATED);
    assertThat(onB.get(id).data().getInt("n")).isEqualTo(49);
  }

  @Test
  void aNodeHearsOnlyTheChangesItFollows() {
    DocumentStore onA = store(planeA);
    for (String id : List.of("other-1", "watched-1", "other-2", "watched-2")) {
      onA.write(
          DocumentId.of(id),
          WriteKind.PUT,
          request("{}", null, null),
          Precondition.NONE,
          Writer.unlimited("t"));
    }
    onA.write(
        DocumentId.of("job-last"),
        WriteKind.PUT,
        request("{}", null, null),
        Precondition.NONE,
        Writer.unlimited("t"));
    // the owners send events of one member in order per key only: wait for the last one
    await().atMost(Duration.ofSeconds(10)).until(() -> changesOf("job-last").size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> changesOf("watched-1").size() == 1);
    assertThat(changesOf("other-1")).isEmpty();
    assertThat(changesOf("other-2")).isEmpty();
    assertThat(changesOf("watched-2")).isEmpty();
    assertThat(planeB.get("other-1")).as("yet B reads it").isNotNull();

    planeB.interest().follow(List.of("other-1"), List.of());
    onA.write(
        DocumentId.of("other-1"),
        WriteKind.PATCH,
        request("{\"n\":1}", null, null),
        Precondition.NONE,
        Writer.unlimited("t"));
    await().atMost(Duration.ofSeconds(10)).until(() -> changesOf("other-1").size() == 1);
    assertThat(changesOf("other-1").get(0).document().version()).isEqualTo(2);

    planeB.interest().unfollow(List.of("other-1"), List.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              onA.write(
                  DocumentId.of("other-1"),
                  WriteKind.PATCH,
                  request("{\"n\":2}", null, null),
                  Precondition.NONE,
                  Writer.unlimited("t"));
              long version = planeA.get("other-1").version();
              onA.write(
                  DocumentId.of("job-last"),
                  WriteKind.PATCH,
                  request("{\"v\":" + version + "}", null, null),
                  Precondition.NONE,
                  Writer.unlimited("t"));
              long lastJob = planeA.get("job-last").version();
              await()
                  .atMost(Duration.ofSeconds(5))
                  .until(() -> changesOf("job-last").size() == lastJob);
              // narrowed: the write just before the job's went unheard
              assertThat(changesOf("other-1"))
                  .extracting(c -> c.document().version())
                  .doesNotContain(version);
            });
  }

  @Test
  void aRefusalInsideTheMutationComesBackAsTheSameProblemAndChangesNothing() {
    DocumentStore onA = store(planeA);
    DocumentId id = DocumentId.of("job-refused");
    onA.write(
        id, WriteKind.PUT, request("{}", null, null), Precondition.NONE, Writer.unlimited("t"));
    assertThatThrownBy(
            () ->
                store(planeB)
                    .write(
                        id,
                        WriteKind.PUT,
                        request("{}", null, null),
                        Precondition.of("\"nope.1\"", null),
                        Writer.unlimited("t")))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(412));
    assertThat(onA.get(id).version()).isEqualTo(1);
  }

  @Test
  void aNodeSeeingFewerMembersThanTheQuorumRefusesWritesWith503AndRetryAfter() {
    HazelcastBackplane minority = TwoMembers.backplane(memberA, 3);
    DocumentId id = DocumentId.of("job-minority");
    try {
      assertThat(minority.up()).isFalse();
      assertThatThrownBy(
              () ->
                  store(minority)
                      .write(
                          id,
                          WriteKind.PUT,
                          request("{}", null, null),
                          Precondition.NONE,
                          Writer.unlimited("t")))
          .isInstanceOfSatisfying(
              Problem.class,
              p -> {
                assertThat(p.status()).isEqualTo(503);
                assertThat(p.retryAfterSeconds()).isPositive();
                assertThat(p.detail()).contains("lux.cluster.quorum");
              });
      assertThat(planeB.get(id.value())).isNull();
      assertThat(planeA.up()).isTrue();
    } finally {
      minority.close();
    }
  }

  @Test
  void removalsTellEveryNodeWhetherTheDocumentWasDeletedOrExpired() {
    DocumentStore onA = store(planeA);
    DocumentId deleted = DocumentId.of("job-deleted");
    DocumentId expiring = DocumentId.of("job-expiring");
    onA.write(
        deleted,
        WriteKind.PUT,
        request("{}", null, null),
        Precondition.NONE,
        Writer.unlimited("t"));
    onA.write(
        expiring, WriteKind.PUT, request("{}", null, 5L), Precondition.NONE, Writer.unlimited("t"));
    onA.delete(deleted, Precondition.NONE, Writer.unlimited("t"));
    CLOCK.advance(Duration.ofSeconds(6));
    store(planeA).sweep();
    store(planeB).sweep();
    await().atMost(Duration.ofSeconds(10)).until(() -> changesOf("job-expiring").size() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> changesOf("job-deleted").size() == 2);
    assertThat(changesOf("job-deleted").get(1).kind()).isEqualTo(Change.Kind.DELETED);
    assertThat(changesOf("job-expiring").get(1).kind()).isEqualTo(Change.Kind.EXPIRED);
    assertThat(planeB.get("job-deleted")).isNull();
    assertThat(memberB.getMap(HazelcastBackplane.MAP).containsKey("job-expiring")).isFalse();
  }

  @Test
  void eachDocumentHasExactlyOneOwner() {
    DocumentStore onA = store(planeA);
    for (int i = 0; i < 40; i++) {
      onA.write(
          DocumentId.of("job-owned-" + i),
          WriteKind.PUT,
          request("{}", null, null),
          Precondition.NONE,
          Writer.unlimited("t"));
    }
    Set<String> ownedByA = new HashSet<>();
    planeA.ownedIds().forEach(ownedByA::add);
    Set<String> ownedByB = new HashSet<>();
    planeB.ownedIds().forEach(ownedByB::add);
    assertThat(ownedByA).doesNotContainAnyElementsOf(ownedByB);
    for (int i = 0; i < 40; i++) {
      String id = "job-owned-" + i;
      assertThat(ownedByA.contains(id) || ownedByB.contains(id)).as(id).isTrue();
    }
    assertThat(ownedByA).isNotEmpty();
    assertThat(ownedByB).isNotEmpty();
  }

  @Test
  void aLapsedLeaseIsMarkedStaleOnceWhenBothNodesSweep() {
    DocumentId id = DocumentId.of("job-lease");
    store(planeA)
        .write(
            id, WriteKind.PUT, request("{}", 2L, null), Precondition.NONE, Writer.unlimited("t"));
    CLOCK.advance(Duration.ofSeconds(3));
    store(planeA).sweep();
    store(planeB).sweep();
    store(planeA).sweep();
    await().atMost(Duration.ofSeconds(10)).until(() -> changesOf("job-lease").size() >= 2);
    assertThat(changesOf("job-lease").stream().filter(c -> c.kind() == Change.Kind.STALE))
        .hasSize(1);
    assertThat(planeB.get("job-lease").stale()).isTrue();
  }

  @Test
  void theTimelineAndStallAreKeptWhicheverNodeWritesAndStallFlipsOnce() {
    DocumentId id = DocumentId.of("job-insight");
    String[] steps = {"plan", "fetch", "parse", "parse"};
    for (int i = 0; i < steps.length; i++) {
      store(i % 2 == 0 ? planeA : planeB)
          .write(
              id,
              WriteKind.PUT,
              request(
                  "{\"step\":\"" + steps[i] + "\",\"progress\":" + Math.min(i, 2) + "}",
                  null,
                  null),
              Precondition.NONE,
              Writer.unlimited("t"));
      CLOCK.advance(Duration.ofSeconds(60));
    }
    var insight = planeA.get(id.value()).insight();
    assertThat(insight.timeline()).extracting(e -> e.step()).containsExactly("plan", "fetch");
    assertThat(insight.step()).isEqualTo("parse");
    assertThat(insight.rate()).isPositive();

    CLOCK.advance(Duration.ofSeconds(300));
    store(planeA).sweep();
    store(planeB).sweep();
    store(planeA).sweep();
    await().atMost(Duration.ofSeconds(10)).until(() -> planeB.get(id.value()).insight().stalled());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> changesOf("job-insight").size() == steps.length + 1);
    assertThat(changesOf("job-insight").get(steps.length).kind()).isEqualTo(Change.Kind.UPDATED);
  }

  @Test
  void pagesListIdsInOrderAfterTheCursor() {
    DocumentStore onB = store(planeB);
    for (String suffix : List.of("c", "a", "b", "d")) {
      onB.write(
          DocumentId.of("page_" + suffix),
          WriteKind.PUT,
          request("{}", null, null),
          Precondition.NONE,
          Writer.unlimited("t"));
    }
    assertThat(planeA.page("page_", null, 2))
        .extracting(d -> d.id())
        .containsExactly("page_a", "page_b");
    assertThat(planeA.page("page_", "page_b", 5))
        .extracting(d -> d.id())
        .containsExactly("page_c", "page_d");
  }

  @Test
  void aScanHandsOverEveryDocumentOnceInBatchesOfTheSizeAsked() {
    DocumentStore onB = store(planeB);
    for (int i = 0; i < 7; i++) {
      onB.write(
          DocumentId.of("scan_" + i),
          WriteKind.PUT,
          request("{}", null, null),
          Precondition.NONE,
          Writer.unlimited("t"));
    }
    List<List<String>> batches = new ArrayList<>();
    planeA.scan(3, batch -> batches.add(batch.stream().map(d -> d.id()).toList()));
    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(3));
    assertThat(batches.stream().flatMap(List::stream).filter(id -> id.startsWith("scan_")))
        .containsExactlyInAnyOrder(
            "scan_0", "scan_1", "scan_2", "scan_3", "scan_4", "scan_5", "scan_6");
  }
}
