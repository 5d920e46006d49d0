package com.voxell.lux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * With {@code BENCH_TRACE=file}, every delivery's arrival (epoch ms) and latency (µs) as CSV
 * lines, written when the delivery or publishing benchmark ends: to line slow deliveries up with the server's
 * GC log ({@code -Xlog:gc:file=…:time}) or anything else that has wall-clock times.
 */
final class Trace {

  private static final String FILE = System.getenv("BENCH_TRACE");
  private static final StringBuilder LINES = new StringBuilder();

  private Trace() {}

  static void delivered(long latencyNanos) {
    if (FILE == null) {
      return;
    }
    long now = System.currentTimeMillis();
    synchronized (LINES) {
      LINES.append(now).append(',').append(latencyNanos / 1000).append('\n');
    }
  }

  static void write() throws IOException {
    if (FILE == null) {
      return;
    }
    synchronized (LINES) {
      Files.writeString(Path.of(FILE), LINES);
    }
  }
}
