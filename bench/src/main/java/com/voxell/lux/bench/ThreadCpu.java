package com.voxell.lux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The server JVM's CPU by kind of thread, from {@code /proc/<pid>/task/*}: request threads, the
 * managed threads that run Lux's lanes and senders and Tyrus's timers, the garbage collector, the
 * JIT compiler, and the rest. A JIT still compiling during a measured run takes cores from
 * requests; this shows whether it was.
 */
record ThreadCpu(Map<String, Long> ticks) {

  private static final String[] GROUPS = {"http", "managed", "GC", "JIT", "other"};
  private static final double TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux

  static ThreadCpu read(ProcessHandle java) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (String group : GROUPS) {
      ticks.put(group, 0L);
    }
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(java.pid()), "task"))) {
      tasks.forEach(task -> ticks.merge(group(task), used(task), Long::sum));
    } catch (IOException | RuntimeException e) {
      return new ThreadCpu(Map.of());
    }
    return new ThreadCpu(ticks);
  }

  private static String group(Path task) {
    String name = read(task.resolve("comm")).trim();
    if (name.startsWith("http-")) {
      return "http";
    } else if (name.startsWith("concurrent/")) {
      return "managed";
    } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
      return "GC";
    } else if (name.contains("CompilerThre")) {
      return "JIT";
    }
    return "other";
  }

  /** utime + stime, in clock ticks; the fields after the name, which may hold spaces. */
  private static long used(Path task) {
    String stat = read(task.resolve("stat"));
    if (stat.isEmpty()) {
      return 0; // the thread ended
    }
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** Seconds of CPU the threads of {@code group} used since {@code before}; 0 when unknown. */
  double seconds(String group, ThreadCpu before) {
    if (ticks.isEmpty() || before.ticks.isEmpty()) {
      return 0;
    }
    return (ticks.get(group) - before.ticks.get(group)) / TICKS_PER_SECOND;
  }

  /**
   * "http 410, managed 160, GC 70, JIT 90, other 30 µs" per {@code units} since {@code before}
   * (counted in clock ticks of 10 ms: over a 30 s run, good to a few µs per write).
   */
  String since(ThreadCpu before, double units) {
    if (ticks.isEmpty() || before.ticks.isEmpty()) {
      return "?";
    }
    StringBuilder text = new StringBuilder();
    for (String group : GROUPS) {
      long used = ticks.get(group) - before.ticks.get(group);
      text.append(text.length() == 0 ? "" : ", ")
          .append(group)
          .append(' ')
          .append(Math.round(used / TICKS_PER_SECOND * 1e6 / units));
    }
    return text.append(" µs").toString();
  }
}
