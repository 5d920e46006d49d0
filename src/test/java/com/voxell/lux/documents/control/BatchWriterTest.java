package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.documents.entity.BatchLimits;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.ItemResult;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.problems.entity.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

  private static final Grant AGENTS = grant(Set.of(Scope.READ, Scope.WRITE), 0);

  private final LocalBackplane backplane = new LocalBackplane();
  private final List<Change> published = new ArrayList<>();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T16:00:00Z"), ZoneOffset.UTC);
  private final DocumentStore store = new DocumentStore(backplane, Limits.DEFAULTS, clock);
  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
  private final BatchWriter batches =
      new BatchWriter(new ItemWriter(store, reader), reader, new BatchLimits(9, 65536));

  BatchWriterTest() {
    backplane.listen(published::add);
  }

  private static Grant grant(Set<Scope> scopes, double writesPerSecond) {
    return new Grant(
        "agents",
        scopes,
        false,
        List.of("workflow-", "agent-run-"),
        Set.of(),
        writesPerSecond,
        null);
  }

  private List<ItemResult> write(String body, Grant grant) {
    return batches.write(body.getBytes(StandardCharsets.UTF_8), grant);
  }

  private static int status(ThrowingCall call) {
    try {
      call.run();
    } catch (Problem problem) {
      return problem.status();
    }
    throw new AssertionError("expected a refusal");
  }

  private interface ThrowingCall {
    void run();
  }

  @Test
  void eachWriteStandsAloneAndOnlyAcceptedOnesArePublished() {
    List<ItemResult> results =
        write(
            """
            {"writes":[
              {"id":"workflow-a","op":"put","data":{"step":"fetching","progress":10}},
              {"id":"not a valid id","op":"put","data":{}},
              {"id":"workflow-a","op":"patch","data":{"progress":20},"ifMatch":"nope.1"},
              {"id":"billing-7","op":"put","data":{"step":"x"}},
              {"id":"workflow-a","op":"patch","data":{"progress":30},"lease":30},
              {"id":"agent-run-1","op":"delete"},
              {"id":"workflow-b","op":"put","data":{},"stall":120},
              {"id":"workflow-b","op":"delete"}
            ]}
            """,
            AGENTS);

    assertThat(results)
        .extracting(ItemResult::status)
        .containsExactly(201, 400, 412, 403, 200, 404, 201, 204);
    assertThat(results)
        .extracting(ItemResult::id)
        .containsExactly(
            "workflow-a",
            "not a valid id",
            "workflow-a",
            "billing-7",
            "workflow-a",
            "agent-run-1",
            "workflow-b",
            "workflow-b");
    assertThat(results.get(4).document().version()).isEqualTo(2);
    assertThat(results.get(3).problem().kind()).isEqualTo(Problem.Kind.FORBIDDEN);
    assertThat(published)
        .extracting(change -> change.id() + " " + change.kind())
        .containsExactly(
            "workflow-a CREATED", "workflow-a UPDATED", "workflow-b CREATED", "workflow-b DELETED");
    assertThat(store.find("workflow-a").data().toString())
        .isEqualTo("{\"step\":\"fetching\",\"progress\":30}");
    assertThat(store.find("workflow-a").leaseSeconds()).isEqualTo(30);
  }

  @Test
  void ifMatchTakesTheEtagWithOrWithoutQuotes() {
    ItemResult first =
        write("{\"writes\":[{\"id\":\"workflow-c\",\"op\":\"put\",\"data\":{}}]}", AGENTS).get(0);
    String tag = first.document().epoch() + "." + first.document().version();
    List<ItemResult> results =
        write(
            "{\"writes\":[{\"id\":\"workflow-c\",\"op\":\"patch\",\"data\":{\"a\":1},\"ifMatch\":\""
                + tag
                + "\"},{\"id\":\"workflow-c\",\"op\":\"patch\",\"data\":{\"a\":2},\"ifMatch\":\"\\\""
                + first.document().epoch()
                + ".2\\\"\"}]}",
            AGENTS);
    assertThat(results).extracting(ItemResult::status).containsExactly(200, 200);
  }

  @Test
  void malformedWritesAreRefusedOneByOne() {
    List<ItemResult> results =
        write(
            """
            {"writes":[
              "workflow-d",
              {"op":"put","data":{}},
              {"id":"workflow-d","op":"upsert","data":{}},
              {"id":"workflow-d","op":"put","data":[]},
              {"id":"workflow-d","op":"put","data":{},"colour":"red"},
              {"id":"workflow-d","op":"delete","data":{}},
              {"id":"workflow-d","op":"delete","stall":5},
              {"id":"workflow-d","op":"put","data":{},"ttl":0},
              {"id":"workflow-d","op":"put","data":{},"ifMatch":4}
            ]}
            """,
            AGENTS);
    assertThat(results).extracting(ItemResult::status).containsOnly(400);
    assertThat(results.get(0).id()).isNull();
    assertThat(results.get(4).problem().detail()).contains("'colour'");
    assertThat(published).isEmpty();
  }

  @Test
  void rateLimitRefusesTheWritesPastTheAllowanceWithRetryAfter() {
    Grant slow = grant(Set.of(Scope.WRITE), 2);
    List<ItemResult> results =
        write(
            "{\"writes\":[{\"id\":\"workflow-e\",\"op\":\"put\",\"data\":{}},"
                + "{\"id\":\"workflow-e\",\"op\":\"put\",\"data\":{}},"
                + "{\"id\":\"workflow-e\",\"op\":\"put\",\"data\":{}}]}",
            slow);
    assertThat(results).extracting(ItemResult::status).containsExactly(201, 200, 429);
    assertThat(results.get(2).problem().retryAfterSeconds()).isPositive();
  }

  @Test
  void aBatchThatCannotBeReadIsRefusedWhole() {
    assertThat(status(() -> write("{\"writes\":[{},{},{},{},{},{},{},{},{},{}]}", AGENTS)))
        .isEqualTo(413);
    assertThat(status(() -> write("not json", AGENTS))).isEqualTo(400);
    assertThat(status(() -> write("{\"writes\":{}}", AGENTS))).isEqualTo(400);
    assertThat(status(() -> write("{}", AGENTS))).isEqualTo(400);
    assertThat(status(() -> write("{\"writes\":[],\"atomic\":true}", AGENTS))).isEqualTo(400);
    assertThat(status(() -> write("[]", AGENTS))).isEqualTo(400);
    assertThat(published).isEmpty();
  }

  @Test
  void dataNestedPastTheLimitRefusesTheBatch() {
    String deep = "{\"a\":".repeat(33) + "1" + "}".repeat(33);
    String ok = "{\"a\":".repeat(32) + "1" + "}".repeat(32);
    assertThat(
            write(
                "{\"writes\":[{\"id\":\"workflow-f\",\"op\":\"put\",\"data\":" + ok + "}]}",
                AGENTS))
        .extracting(ItemResult::status)
        .containsExactly(201);
    assertThat(
            status(
                () ->
                    write(
                        "{\"writes\":[{\"id\":\"workflow-f\",\"op\":\"put\",\"data\":"
                            + deep
                            + "}]}",
                        AGENTS)))
        .isEqualTo(400);
  }

  @Test
  void aKeyWithoutTheWriteScopeIsRefusedWhole() {
    Grant reader = grant(Set.of(Scope.READ), 0);
    assertThat(status(() -> write("{\"writes\":[]}", reader))).isEqualTo(403);
  }
}
