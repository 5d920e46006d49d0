package com.voxell.lux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU counters from {@code /proc/stat} (all cores, in clock ticks): how busy it was
 * between two readings, and how much time the hypervisor gave to other guests ("steal"). A
 * latency run on a shared VM means little without them.
 */
record MachineCpu(long busy, long idle, long steal) {

  static MachineCpu read() {
    try {
      // cpu  user nice system idle iowait irq softirq steal guest guest_nice
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        busy += Long.parseLong(f[i]);
      }
      return new MachineCpu(busy, Long.parseLong(f[4]) + Long.parseLong(f[5]), Long.parseLong(f[8]));
    } catch (IOException | RuntimeException e) {
      return new MachineCpu(0, 0, 0);
    }
  }

  /** "busy 63 %, steal 4 %" of all cores' time since {@code before}. */
  String since(MachineCpu before) {
    double total = (busy - before.busy) + (idle - before.idle) + (steal - before.steal);
    if (total <= 0) {
      return "busy ?, steal ?";
    }
    return String.format(
        "busy %.0f %%, steal %.0f %%",
        100 * (busy - before.busy) / total, 100 * (steal - before.steal) / total);
  }
}
