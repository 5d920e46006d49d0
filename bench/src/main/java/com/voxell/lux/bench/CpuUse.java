package com.voxell.lux.bench;

/**
 * CPU used from {@link #since} on: by the server's JVM, by this JVM (the load generator), and the
 * machine's busy and steal shares ({@link MachineCpu}), and the server's CPU by kind of thread
 * ({@link ThreadCpu}). Every benchmark that reports CPU reads it here.
 */
final class CpuUse {

  private final LuxServer server;
  private final long serverFrom;
  private final long clientFrom;
  private final MachineCpu machineFrom;
  private final ThreadCpu threadsFrom;

  private CpuUse(LuxServer server) {
    this.server = server;
    this.machineFrom = MachineCpu.read();
    this.threadsFrom = ThreadCpu.read(server.java());
    this.serverFrom = server.cpuNanos();
    this.clientFrom = clientCpuNanos();
  }

  /** Starts counting now. */
  static CpuUse since(LuxServer server) {
    return new CpuUse(server);
  }

  long serverNanos() {
    return server.cpuNanos() - serverFrom;
  }

  long clientNanos() {
    return clientCpuNanos() - clientFrom;
  }

  /** "busy 63 %, steal 4 %" of all cores' time so far. */
  String machine() {
    return MachineCpu.read().since(machineFrom);
  }

  /** The server's CPU by kind of thread, in µs per one of {@code units} (writes, say). */
  String serverThreads(double units) {
    return ThreadCpu.read(server.java()).since(threadsFrom, units);
  }

  private static long clientCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
