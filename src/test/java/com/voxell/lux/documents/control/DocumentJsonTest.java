package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DocumentJsonTest {

  @Test
  void byteLengthIsTheLengthOfTheUtf8Serialization() {
    JsonObject data =
        DocumentJson.BUILDERS
            .createObjectBuilder()
            .add("ascii", "plain \"quoted\" \\ and\ttab\n")
            .add("latin", "façade Ünïcode")
            .add("cjk", "進捗 状況")
            .add("emoji", "done ✅ 🚀")
            .add("control", "\u0001")
            .add("nested", DocumentJson.BUILDERS.createArrayBuilder().add(1.5).add(true).addNull())
            .build();
    assertThat(DocumentJson.byteLength(data))
        .isEqualTo(DocumentJson.text(data).getBytes(StandardCharsets.UTF_8).length);
  }
}
