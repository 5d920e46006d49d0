package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatestStatesTest {

  @Test
  void aNewerStateReplacesTheUnsentOneInItsPlace() {
    LatestStates states = new LatestStates();
    states.put("a", "a1");
    assertThat(states.put("b", "b1")).isFalse();
    states.putControl("subscribed");
    assertThat(states.put("a", "a2")).isTrue();
    assertThat(states.size()).isEqualTo(3);
    assertThat(states.take(1, 100)).containsExactly("a2");
    assertThat(states.take(1, 100)).containsExactly("b1");
    assertThat(states.take(1, 100)).containsExactly("subscribed");
    assertThat(states.take(1, 100)).isEmpty();
  }

  @Test
  void aStateOfferedAfterItsSendQueuesAgainAtTheEnd() {
    LatestStates states = new LatestStates();
    states.put("a", "a1");
    states.put("b", "b1");
    assertThat(states.take(1, 100)).containsExactly("a1");
    states.put("a", "a2");
    assertThat(states.take(1, 100)).containsExactly("b1");
    assertThat(states.take(1, 100)).containsExactly("a2");
  }

  @Test
  void controlMessagesKeepTheirOrderAndDroppingForgetsADocument() {
    LatestStates states = new LatestStates();
    states.putControl("e1");
    states.put("a", "a1");
    states.putControl("e2");
    states.drop("a");
    assertThat(states.take(1, 100)).containsExactly("e1");
    assertThat(states.take(1, 100)).containsExactly("e2");
    assertThat(states.isEmpty()).isTrue();
  }

  @Test
  void aBatchTakesTheOldestInOrderWithinItsCountAndSize() {
    LatestStates states = new LatestStates();
    states.put("a", "a1");
    states.put("b", "b1");
    states.putControl("subscribed");
    states.put("c", "c1");
    assertThat(states.take(3, 100)).containsExactly("a1", "b1", "subscribed");
    assertThat(states.take(3, 100)).containsExactly("c1");
    states.put("d", "d".repeat(80));
    states.put("e", "e".repeat(30));
    assertThat(states.take(10, 100)).containsExactly("d".repeat(80));
    states.put("f", "f".repeat(500));
    // one message over the size still goes, alone
    assertThat(states.take(10, 100)).containsExactly("e".repeat(30));
    assertThat(states.take(10, 100)).containsExactly("f".repeat(500));
  }
}
