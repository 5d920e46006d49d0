package com.voxell.lux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU counters from {@code /proc/stat} (all cores, in clock ticks) and the time they
 * were read: how busy it was between two readings, and how much time the hypervisor gave to other
 * guests ("steal"). A latency run on a shared VM means little without them.
 *
 * <p>Busy is what was not idle: on a kernel that stops its tick while idle and samples busy time
 * only at ticks, the user and system columns miss most of a server's short bursts (one run read 1 %
 * busy while the server and load generator used a quarter of a core), while idle time is measured
 * exactly.
 */
record MachineCpu(long nanos, long idle, long steal) {

  // USER_HZ: /proc/stat counts in hundredths of a second on every Linux we run on
  private static final double TICKS_PER_SECOND = 100;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  static MachineCpu read() {
    long now = System.nanoTime();
    try {
      // cpu  user nice system idle iowait irq softirq steal guest guest_nice
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      return new MachineCpu(
          now, Long.parseLong(f[4]) + Long.parseLong(f[5]), Long.parseLong(f[8]));
    } catch (IOException | RuntimeException e) {
      return new MachineCpu(now, -1, -1);
    }
  }

  /** "busy 63 %, steal 4 %" of all cores' time since {@code before}. */
  String since(MachineCpu before) {
    double coreSeconds = (nanos - before.nanos) / 1e9 * CORES;
    if (idle < 0 || before.idle < 0 || coreSeconds <= 0) {
      return "busy ?, steal ?";
    }
    double idleShare = (idle - before.idle) / TICKS_PER_SECOND / coreSeconds;
    double stealShare = (steal - before.steal) / TICKS_PER_SECOND / coreSeconds;
    double busyShare = Math.max(0, 1 - idleShare - stealShare);
    return String.format("busy %.0f %%, steal %.0f %%", 100 * busyShare, 100 * stealShare);
  }
}
