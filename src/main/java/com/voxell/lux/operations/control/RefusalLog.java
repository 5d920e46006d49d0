package com.voxell.lux.operations.control;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Logs refusals as bursts, not one line per request: the first refusal after a quiet window is
 * logged at once, the ones that follow are counted and summed up in one line per window. A
 * refusal's line names only its reason (a problem type), never a credential, an id or a payload.
 */
public final class RefusalLog {

  private final Clock clock;
  private final long windowMillis;
  private final Consumer<String> out;
  private final Map<String, Long> pending = new TreeMap<>();
  private long lastLineMillis;
  private long pendingSinceMillis;

  public RefusalLog(Clock clock, Duration window, Consumer<String> out) {
    this.clock = clock;
    this.windowMillis = window.toMillis();
    this.out = out;
    this.lastLineMillis = clock.millis() - windowMillis;
  }

  /** Counts one refusal; writes a line when none was written within the window. */
  public synchronized void refused(String reason) {
    long now = clock.millis();
    if (pending.isEmpty()) {
      pendingSinceMillis = now;
    }
    pending.merge(reason, 1L, Long::sum);
    if (now - lastLineMillis >= windowMillis) {
      write(now);
    }
  }

  /** Writes the refusals counted since the last line, if any; a timer calls it once a window. */
  public synchronized void flush() {
    long now = clock.millis();
    if (!pending.isEmpty() && now - lastLineMillis >= windowMillis) {
      write(now);
    }
  }

  private void write(long now) {
    long total = pending.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder line = new StringBuilder("lux refused count=").append(total);
    line.append(" over=").append(Math.max(0, now - pendingSinceMillis) / 1000).append('s');
    pending.forEach((reason, count) -> line.append(' ').append(reason).append('=').append(count));
    pending.clear();
    lastLineMillis = now;
    out.accept(line.toString());
  }
}
