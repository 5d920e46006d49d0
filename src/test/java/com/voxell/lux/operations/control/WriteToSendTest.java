package com.voxell.lux.operations.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WriteToSendTest {

  private final WriteToSend writeToSend = new WriteToSend();

  private static final long NOW = Instant.parse("2026-11-25T16:07:33.470Z").toEpochMilli();

  @Test
  void anUpdateIsTimedFromItsDocumentsUpdatedAt() {
    String update =
        "{\"type\":\"update\",\"id\":\"w\",\"version\":2,\"epoch\":\"e\","
            + "\"updatedAt\":\"2026-11-25T16:07:33.459Z\",\"data\":{\"updatedAt\":\"1999-01-01T00:00:00.000Z\"}}";

    assertThat(writeToSend.millis(update, NOW)).isEqualTo(11);
    assertThat(writeToSend.millis(update, NOW + 5)).isEqualTo(16);
  }

  @Test
  void otherMessagesAreNotTimed() {
    assertThat(
            writeToSend.millis(
                "{\"type\":\"snapshot\",\"updatedAt\":\"2026-11-25T16:07:33.459Z\"}", NOW))
        .isEqualTo(-1);
    assertThat(writeToSend.millis("{\"type\":\"heartbeat\"}", NOW)).isEqualTo(-1);
    assertThat(writeToSend.millis("{\"type\":\"update\",\"updatedAt\":\"soon\"}", NOW))
        .isEqualTo(-1);
  }
}
