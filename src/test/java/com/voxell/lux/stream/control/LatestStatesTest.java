package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatestStatesTest {

  @Test
  void aNewerStateReplacesTheUnsentOneInItsPlace() {
    LatestStates states = new LatestStates();
    states.put("a", "a1");
    states.put("b", "b1");
    states.putControl("subscribed");
    states.put("a", "a2");
    assertThat(states.size()).isEqualTo(3);
    assertThat(states.take()).isEqualTo("a2");
    assertThat(states.take()).isEqualTo("b1");
    assertThat(states.take()).isEqualTo("subscribed");
    assertThat(states.take()).isNull();
    assertThat(states.replaced()).isEqualTo(1);
  }

  @Test
  void aStateOfferedAfterItsSendQueuesAgainAtTheEnd() {
    LatestStates states = new LatestStates();
    states.put("a", "a1");
    states.put("b", "b1");
    assertThat(states.take()).isEqualTo("a1");
    states.put("a", "a2");
    assertThat(states.take()).isEqualTo("b1");
    assertThat(states.take()).isEqualTo("a2");
  }

  @Test
  void controlMessagesKeepTheirOrderAndDroppingForgetsADocument() {
    LatestStates states = new LatestStates();
    states.putControl("e1");
    states.put("a", "a1");
    states.putControl("e2");
    states.drop("a");
    assertThat(states.take()).isEqualTo("e1");
    assertThat(states.take()).isEqualTo("e2");
    assertThat(states.isEmpty()).isTrue();
  }
}
