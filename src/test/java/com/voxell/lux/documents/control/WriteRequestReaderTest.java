package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.problems.entity.Problem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WriteRequestReaderTest {

  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheStallOption() {
    assertThat(reader.read(bytes("{\"data\":{},\"stall\":90}")).options().stallSeconds())
        .isEqualTo(90L);
    assertThat(reader.read(bytes("{\"data\":{},\"stall\":0}")).options().stallSeconds()).isZero();
    assertThat(reader.read(bytes("{\"data\":{}}")).options().stallSeconds()).isNull();
  }

  @Test
  void refusesAStallThatIsNotWholeNonNegativeSeconds() {
    for (String stall : new String[] {"-1", "1.5", "\"60\"", "null"}) {
      assertThatThrownBy(() -> reader.read(bytes("{\"data\":{},\"stall\":" + stall + "}")))
          .isInstanceOf(Problem.class)
          .hasMessageContaining("'stall'");
    }
  }
}
