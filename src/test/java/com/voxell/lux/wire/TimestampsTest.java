package com.voxell.lux.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void writesWhatTheFormatterWritesForAnyInstant() {
    randomInstants(42)
        .forEach(
            instant -> assertThat(Timestamps.format(instant)).isEqualTo(REFERENCE.format(instant)));
  }

  @Test
  void edgesOfTheHandWrittenRange() {
    for (String text :
        new String[] {
          "0000-01-01T00:00:00.000Z",
          "1970-01-01T00:00:00.000Z",
          "2026-11-25T12:04:00.007Z",
          "9999-12-31T23:59:59.999Z"
        }) {
      assertThat(Timestamps.format(Instant.parse(text))).isEqualTo(text);
    }
    Instant far = Instant.parse("+10000-01-01T00:00:00Z");
    assertThat(Timestamps.format(far)).isEqualTo(REFERENCE.format(far));
  }

  @Test
  void readsBackWhatItWritesForAnyInstant() {
    randomInstants(7)
        .forEach(
            instant -> {
              String text = "x\"" + Timestamps.format(instant) + "\"";
              assertThat(Timestamps.parseMillis(text, 2, text.length() - 1))
                  .isEqualTo(instant.toEpochMilli());
            });
  }

  @Test
  void readsOtherIsoInstantsAndRefusesWhatIsNone() {
    assertThat(Timestamps.parseMillis("2026-11-25T16:07:33Z", 0, 20))
        .isEqualTo(Instant.parse("2026-11-25T16:07:33Z").toEpochMilli());
    assertThat(Timestamps.parseMillis("+10000-01-01T00:00:00Z", 0, 22))
        .isEqualTo(Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli());
    for (String none :
        new String[] {
          "2026-13-25T16:07:33.459Z", "2026-02-30T16:07:33.459Z", "2026-11-25T16:07:3x.459Z",
          "2026-11-25 16:07:33.459Z", "soon", ""
        }) {
      assertThat(Timestamps.parseMillis(none, 0, none.length())).as(none).isEqualTo(-1);
    }
  }

  /** 100,000 instants from year 0 to 9999, any nanosecond. */
  private static Stream<Instant> randomInstants(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return Stream.generate(
            () ->
                Instant.ofEpochSecond(
                    random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    random.nextInt(1_000_000_000)))
        .limit(100_000);
  }
}
