package com.voxell.lux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The server JVM's CPU by kind of thread, from {@code /proc/<pid>/task/*}: request threads, the
 * managed threads that run Lux's lanes and senders and Tyrus's timers, the garbage collector, the
 * JIT compiler, and the rest. A JIT still compiling during a measured run takes cores from
 * requests; this shows whether it was.
 */
record ThreadCpu(Map<String, Task> tasks) {

  private static final String[] GROUPS = {"http", "managed", "GC", "JIT", "other"};
  private static final double TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux

  /** One thread: its kind and the clock ticks it has used. */
  record Task(String group, long ticks) {}

  static ThreadCpu read(ProcessHandle java) {
    Map<String, Task> tasks = new HashMap<>();
    try (Stream<Path> all = Files.list(Path.of("/proc", Long.toString(java.pid()), "task"))) {
      all.forEach(
          task -> {
            String stat = read(task.resolve("stat"));
            if (!stat.isEmpty()) { // else the thread just ended
              tasks.put(task.getFileName().toString(), new Task(group(task), used(stat)));
            }
          });
    } catch (IOException | RuntimeException e) {
      return new ThreadCpu(Map.of());
    }
    return new ThreadCpu(tasks);
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
  private static long used(String stat) {
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

  /**
   * Seconds of CPU the threads of {@code group} used since {@code before}, thread by thread: one
   * started since counts from zero; one that ended since is missing from both sides (the JVM
   * starts and stops compiler threads as it needs them). 0 when unknown.
   */
  double seconds(String group, ThreadCpu before) {
    long used = 0;
    for (Map.Entry<String, Task> now : tasks.entrySet()) {
      if (now.getValue().group().equals(group)) {
        Task then = before.tasks.get(now.getKey());
        used += now.getValue().ticks() - (then == null ? 0 : then.ticks());
      }
    }
    return used / TICKS_PER_SECOND;
  }

  /**
   * "http 410, managed 160, GC 70, JIT 90, other 30 µs" per {@code units} since {@code before}
   * (counted in clock ticks of 10 ms: over a 30 s run, good to a few µs per write).
   */
  String since(ThreadCpu before, double units) {
    if (tasks.isEmpty() || before.tasks.isEmpty()) {
      return "?";
    }
    StringBuilder text = new StringBuilder();
    for (String group : GROUPS) {
      text.append(text.length() == 0 ? "" : ", ")
          .append(group)
          .append(' ')
          .append(Math.round(seconds(group, before) * 1e6 / units));
    }
    return text.append(" µs").toString();
  }
}
