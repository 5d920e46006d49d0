package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentJsonTest {

  private static final JsonObject DATA =
      JsonText.PROVIDER
          .createReader(
              new StringReader(
                  "{\"job\":\"invoice \\\"Q4\\\"\",\"status\":\"running\",\"progress\":67,"
                      + "\"nested\":{\"a\":[1,2.5,null,true]}}"))
          .readObject();

  private static Document document(long lease) {
    return new Document(
        "orders/42",
        7,
        "k3x9a",
        Instant.parse("2026-11-25T12:00:00.123Z"),
        "agent-7",
        lease,
        false,
        3600,
        DATA);
  }

  private static final String FIELDS =
      "\"id\":\"orders/42\",\"version\":7,\"epoch\":\"k3x9a\","
          + "\"updatedAt\":\"2026-11-25T12:00:00.123Z\",\"writer\":\"agent-7\",\"stale\":false,";

  @Test
  void theGetAnswerHasTheContractsFieldsInOrderAndTheDataExactly() {
    assertThat(DocumentJson.text(document(30), false))
        .isEqualTo(
            "{"
                + FIELDS
                + "\"lease\":30,\"expiresAt\":\"2026-11-25T13:00:00.123Z\","
                + "\"derived\":{\"stalled\":false},\"data\":"
                + DATA
                + "}");
    assertThat(DocumentJson.text(document(0), false)).doesNotContain("lease");
  }

  @Test
  void aMessageIsItsTypeThenTheGetAnswer() {
    String answer = DocumentJson.text(document(0), false);
    assertThat(DocumentJson.message("update", document(0), false))
        .isEqualTo("{\"type\":\"update\"," + answer.substring(1));
  }

  @Test
  void aListedItemHasTheSummaryFieldsInsteadOfData() {
    JsonObject page =
        JsonText.PROVIDER
            .createReader(new StringReader(DocumentJson.page(List.of(document(0)), "orders/43")))
            .readObject();
    JsonObject item = page.getJsonArray("items").getJsonObject(0);
    assertThat(item.containsKey("data")).isFalse();
    assertThat(item.getString("status")).isEqualTo("running");
    assertThat(item.getInt("progress")).isEqualTo(67);
    assertThat(item.containsKey("job")).isFalse();
    assertThat(item.getString("expiresAt")).isEqualTo("2026-11-25T13:00:00.123Z");
    assertThat(page.getString("next")).isEqualTo("orders/43");
    assertThat(DocumentJson.page(List.of(), null)).isEqualTo("{\"items\":[],\"next\":null}");
  }
}
