package com.voxell.lux.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

  private static final String TEXT =
      "{\"job\":\"q4 \\\"close\\\" ✅\",\"progress\":67,\"big\":12345678901234567890.5e3,"
          + "\"flags\":[true,false,null,[],{}],\"nested\":{\"a\":[1,{\"b\":[2,[3]]}]},"
          + "\"job\":\"last one wins\"}";

  private static JsonValue read(String text, int maxLevel) {
    return JsonTree.read(text, maxLevel, () -> new IllegalStateException("too deep"));
  }

  private static JsonValue reference(String text) {
    return JsonText.PROVIDER.createReader(new StringReader(text)).readValue();
  }

  @Test
  void readsTheSameTreeAsTheLibrarysReader() {
    assertThatThrownBy(() -> read(TEXT, 5)).hasMessage("too deep");
    assertThat(read(TEXT, 6)).isEqualTo(reference(TEXT));
    assertThat(read(TEXT, 6).toString()).isEqualTo(reference(TEXT).toString());
    byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
    assertThat(JsonTree.read(new ByteArrayInputStream(utf8), 6, IllegalStateException::new))
        .isEqualTo(reference(TEXT));
  }

  @Test
  void readsScalarsAtTheTop() {
    assertThat(read("42", 1)).isEqualTo(reference("42"));
    assertThat(read(" \"text\" ", 1)).isEqualTo(reference("\"text\""));
    assertThat(read("null", 0)).isEqualTo(JsonValue.NULL);
  }

  @Test
  void refusesTheFirstLevelPastTheLimitAndAcceptsTheLimit() {
    assertThat(read("{\"a\":[{\"b\":[]}]}", 4)).isEqualTo(reference("{\"a\":[{\"b\":[]}]}"));
    assertThatThrownBy(() -> read("{\"a\":[{\"b\":[]}]}", 3)).hasMessage("too deep");
    assertThatThrownBy(() -> read("[]", 0)).hasMessage("too deep");
  }

  @Test
  void refusesDeepNestingWithoutUsingTheStack() {
    String deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
    assertThatThrownBy(() -> read(deep, 64)).hasMessage("too deep");
  }

  @Test
  void malformedTextFailsWithTheParsersLocation() {
    assertThatThrownBy(() -> read("{\"a\":1} trailing", 5))
        .isInstanceOf(JsonParsingException.class);
    assertThatThrownBy(() -> read("{\"a\":1", 5)).isInstanceOf(JsonParsingException.class);
    assertThatThrownBy(() -> read("   ", 5)).isInstanceOf(JsonParsingException.class);
    assertThatThrownBy(() -> read("{\"a\":}", 5))
        .isInstanceOfSatisfying(
            JsonParsingException.class,
            e -> assertThat(e.getLocation().getColumnNumber()).isPositive());
  }
}
