package com.voxell.lux.operations.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T16:00:00Z"));
  private final List<String> lines = new ArrayList<>();
  private final RefusalLog log = new RefusalLog(clock, Duration.ofSeconds(10), lines::add);

  @Test
  void theFirstRefusalAfterAQuietSpellIsLoggedAtOnce() {
    log.refused("unauthorized");

    assertThat(lines).containsExactly("lux refused count=1 over=0s unauthorized=1");
  }

  @Test
  void aBurstBecomesOneLinePerWindow() {
    log.refused("unauthorized");
    for (int i = 0; i < 500; i++) {
      clock.advance(Duration.ofMillis(10));
      log.refused(i % 100 == 0 ? "forbidden" : "rate-limited");
    }
    assertThat(lines).hasSize(1);

    clock.advance(Duration.ofSeconds(5)); // 10 s since the first line
    log.flush();

    assertThat(lines)
        .containsExactly(
            "lux refused count=1 over=0s unauthorized=1",
            "lux refused count=500 over=9s forbidden=5 rate-limited=495");
  }

  @Test
  void aFlushWithNothingNewWritesNothing() {
    log.refused("not-found");
    clock.advance(Duration.ofSeconds(30));
    log.flush();

    assertThat(lines).hasSize(1);
  }

  @Test
  void aFlushWithinTheWindowWaitsForTheWindowToPass() {
    log.refused("not-found");
    clock.advance(Duration.ofSeconds(1));
    log.refused("not-found");
    log.flush();
    assertThat(lines).hasSize(1);

    clock.advance(Duration.ofSeconds(9));
    log.flush();
    assertThat(lines).last().isEqualTo("lux refused count=1 over=9s not-found=1");
  }
}
