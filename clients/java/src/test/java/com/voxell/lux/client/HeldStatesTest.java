package com.voxell.lux.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ordering rules, message by message, without a server. */
class HeldStatesTest {

  private final HeldStates held = new HeldStates();

  private static JsonObject message(String text) {
    return JsonText.parse(text.replace('\'', '"')).asJsonObject();
  }

  private static JsonObject state(String type, String id, String epoch, int version) {
    return message(
        "{'type':'"
            + type
            + "','id':'"
            + id
            + "','epoch':'"
            + epoch
            + "','version':"
            + version
            + ",'stale':false,'data':{'v':"
            + version
            + "}}");
  }

  private List<LuxEvent.Type> apply(JsonObject message) {
    return held.apply(message).stream().map(LuxEvent::type).toList();
  }

  @Test
  void aHigherVersionIsAppliedAndAnEqualOrLowerOneIsNot() {
    assertThat(apply(state("snapshot", "a", "e1", 2))).containsExactly(LuxEvent.Type.SNAPSHOT);
    assertThat(apply(state("update", "a", "e1", 3))).containsExactly(LuxEvent.Type.UPDATE);
    assertThat(apply(state("update", "a", "e1", 3))).isEmpty();
    assertThat(apply(state("snapshot", "a", "e1", 1))).isEmpty();
    assertThat(held.get("a").version()).isEqualTo(3);
  }

  @Test
  void aNewEpochWinsButADeletedEpochNeverComesBack() {
    apply(state("update", "a", "e1", 5));
    assertThat(apply(state("update", "a", "e2", 1))).containsExactly(LuxEvent.Type.UPDATE);
    assertThat(apply(state("update", "a", "e1", 6))).as("e1 was moved past").isEmpty();
    assertThat(apply(message("{'type':'deleted','id':'a','reason':'expired'}")))
        .containsExactly(LuxEvent.Type.DELETED);
    assertThat(apply(state("update", "a", "e2", 2))).as("e2 was deleted").isEmpty();
    assertThat(apply(state("update", "a", "e3", 1))).containsExactly(LuxEvent.Type.UPDATE);
  }

  @Test
  void staleAndRenewedFlipTheHeldStateOnceForItsEpoch() {
    apply(state("snapshot", "a", "e1", 4));
    assertThat(apply(message("{'type':'renewed','id':'a','epoch':'e1','version':4}")))
        .as("live already")
        .isEmpty();
    assertThat(apply(message("{'type':'stale','id':'a','epoch':'e1','version':4}")))
        .containsExactly(LuxEvent.Type.STALE);
    assertThat(apply(message("{'type':'stale','id':'a','epoch':'e0','version':9}"))).isEmpty();
    assertThat(held.get("a").stale()).isTrue();
    List<LuxEvent> renewed =
        held.apply(message("{'type':'renewed','id':'a','epoch':'e1','version':4}"));
    assertThat(renewed).extracting(LuxEvent::type).containsExactly(LuxEvent.Type.RENEWED);
    assertThat(renewed.get(0).state().stale()).isFalse();
    assertThat(renewed.get(0).state().version()).isEqualTo(4);
  }

  @Test
  void afterAReconnectWhatAPrefixNoLongerNamesWasDeletedMeanwhile() {
    apply(state("snapshot", "w-a", "e", 1));
    apply(state("snapshot", "w-b", "e", 1));
    held.reconnecting(List.of("w-"));
    apply(state("snapshot", "w-b", "e", 1));
    List<LuxEvent> events = held.apply(message("{'type':'subscribed','prefix':'w-','count':1}"));
    assertThat(events).extracting(LuxEvent::id).containsExactly("w-a");
    assertThat(events.get(0).reason()).isEqualTo("missing");
    assertThat(held.get("w-b")).isNotNull();
  }

  @Test
  void aMissingDocumentThatWasHeldIsReportedDeleted() {
    assertThat(apply(message("{'type':'missing','id':'a'}"))).isEmpty();
    apply(state("snapshot", "a", "e", 1));
    assertThat(apply(message("{'type':'missing','id':'a'}")))
        .containsExactly(LuxEvent.Type.DELETED);
  }
}
