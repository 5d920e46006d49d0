package com.voxell.lux.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The server JVM's garbage-collection pauses so far, read with {@code jstat -gc}: how many and
 * how long in all (young collections plus the pauses of concurrent cycles). A request that comes
 * during a pause waits for it, so a delivery tail means little without them.
 */
record GcPauses(long count, double seconds) {

  static GcPauses read(ProcessHandle java) {
    try {
      Process jstat =
          new ProcessBuilder("jstat", "-gc", Long.toString(java.pid()))
              .redirectErrorStream(true)
              .start();
      List<String> lines =
          new String(jstat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
              .lines()
              .toList();
      jstat.waitFor();
      // a header line of column names, then one line of values
      List<String> names = List.of(lines.get(0).trim().split("\\s+"));
      String[] values = lines.get(1).trim().split("\\s+");
      return new GcPauses(
          Long.parseLong(values[names.indexOf("YGC")])
              + Long.parseLong(values[names.indexOf("FGC")])
              + Long.parseLong(values[names.indexOf("CGC")]),
          Double.parseDouble(values[names.indexOf("GCT")]));
    } catch (IOException | RuntimeException e) {
      return new GcPauses(-1, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new GcPauses(-1, 0);
    }
  }

  /** "GC 14 collections, 162 ms paused" since {@code before}. */
  String since(GcPauses before) {
    if (count < 0 || before.count < 0) {
      return "GC ?";
    }
    return String.format(
        "GC %d collections, %.0f ms paused",
        count - before.count, 1e3 * (seconds - before.seconds));
  }
}
