package com.voxell.lux.wire;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void byteLengthIsTheLengthOfTheUtf8Serialization() {
    JsonObject data =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("ascii", "plain \"quoted\" \\ and\ttab\n")
            .add("latin", "façade Ünïcode")
            .add("cjk", "進捗 状況")
            .add("emoji", "done ✅ 🚀")
            .add("control", "\u0001")
            .add("nested", JsonText.BUILDERS.createArrayBuilder().add(1.5).add(true).addNull())
            .build();
    assertThat(JsonText.byteLength(data))
        .isEqualTo(JsonText.text(data).getBytes(StandardCharsets.UTF_8).length);
  }
}
