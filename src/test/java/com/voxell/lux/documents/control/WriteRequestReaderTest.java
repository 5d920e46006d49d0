package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.WriteRequest;
import com.voxell.lux.problems.entity.Problem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriteRequestReaderTest {

  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);

  private WriteRequest read(String body) {
    return reader.read(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsDataLeaseAndTtl() {
    WriteRequest request = read("{\"data\":{\"progress\":67},\"lease\":30,\"ttl\":3600}");
    assertThat(request.data().getInt("progress")).isEqualTo(67);
    assertThat(request.options().leaseSeconds()).isEqualTo(30);
    assertThat(request.options().ttlSeconds()).isEqualTo(3600);
    assertThat(read("{\"data\":{}}").options().leaseSeconds()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"data\":{}",
        "[]",
        "\"data\"",
        "{\"data\":null}",
        "{\"data\":[]}",
        "{\"data\":\"text\"}",
        "{\"lease\":3}",
        "{\"data\":{},\"extra\":1}",
        "{\"data\":{},\"lease\":-1}",
        "{\"data\":{},\"lease\":1.5}",
        "{\"data\":{},\"lease\":\"30\"}",
        "{\"data\":{},\"ttl\":0}",
        "{\"data\":{},\"ttl\":99999999999999999999999}",
        "{\"data\":{}} trailing",
      })
  void refusesEveryMalformedBodyWith400(String body) {
    assertThatThrownBy(() -> read(body))
        .isInstanceOfSatisfying(
            Problem.class, problem -> assertThat(problem.kind()).isEqualTo(Problem.Kind.INVALID));
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] body = {
      '{',
      '"',
      'd',
      'a',
      't',
      'a',
      '"',
      ':',
      '{',
      '"',
      (byte) 0xC3,
      (byte) 0x28,
      '"',
      ':',
      '1',
      '}',
      '}'
    };
    assertThatThrownBy(() -> reader.read(body)).isInstanceOf(Problem.class);
  }

  @Test
  void nestingIsLimitedTo32LevelsWithDataAsLevelOne() {
    assertThat(read("{\"data\":" + "{\"a\":".repeat(31) + "{}" + "}".repeat(31) + "}").data())
        .isNotNull();
    assertThatThrownBy(
            () -> read("{\"data\":" + "{\"a\":".repeat(32) + "{}" + "}".repeat(32) + "}"))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("32");
  }

  @Test
  void veryDeepNestingIsRefusedWithoutBuildingATree() {
    String deep = "{\"data\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> read(deep)).isInstanceOf(Problem.class);
  }

  @Test
  void readsTheStallOption() {
    assertThat(read("{\"data\":{},\"stall\":90}").options().stallSeconds()).isEqualTo(90L);
    assertThat(read("{\"data\":{},\"stall\":0}").options().stallSeconds()).isZero();
    assertThat(read("{\"data\":{}}").options().stallSeconds()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5", "\"60\"", "null", "99999999999999999999999"})
  void refusesAStallThatIsNotWholeNonNegativeSeconds(String stall) {
    assertThatThrownBy(() -> read("{\"data\":{},\"stall\":" + stall + "}"))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("'stall'");
  }
}
