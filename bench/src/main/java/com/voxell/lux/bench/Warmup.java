package com.voxell.lux.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Unmeasured load before a measurement: at least {@code minSeconds}, then on in 10-second steps
 * until the server's JIT compiler has settled (under 2 % of one core over the last step) or {@code
 * maxSeconds} have passed. Under a new load Payara's C2 keeps compiling for minutes (a third of a
 * core still 60–90 s into delivery at 1,000 writes/s); a measurement taken meanwhile counts the
 * compiler's CPU as the server's and loses the cores it takes from requests.
 */
final class Warmup {

  private static final int STEP_SECONDS = 10;
  private static final double QUIET_SHARE = 0.02;

  /** Load for about the given number of seconds. */
  interface Load {
    void run(int seconds) throws Exception;
  }

  /** Warms the server up; says how long it took and where the JIT ended. */
  static String run(LuxServer server, int minSeconds, int maxSeconds, Load load) throws Exception {
    return run(List.of(server), minSeconds, maxSeconds, load);
  }

  /** Warms several servers up (a cluster's nodes) until the busiest one's JIT is quiet. */
  static String run(List<LuxServer> servers, int minSeconds, int maxSeconds, Load load)
      throws Exception {
    long start = System.nanoTime();
    load.run(minSeconds);
    while (true) {
      List<ThreadCpu> before = servers.stream().map(s -> ThreadCpu.read(s.java())).toList();
      long stepStart = System.nanoTime();
      load.run(STEP_SECONDS);
      double stepSeconds = (System.nanoTime() - stepStart) / 1e9;
      double jit = 0;
      for (int i = 0; i < servers.size(); i++) {
        double seconds = ThreadCpu.read(servers.get(i).java()).seconds("JIT", before.get(i));
        jit = Math.max(jit, seconds / stepSeconds);
      }
      long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      if (jit < QUIET_SHARE || elapsed >= maxSeconds) {
        return String.format(
            "%d s of warm-up (the JIT at %.1f %% of a core in its last %.0f s%s)",
            elapsed, 100 * jit, stepSeconds, jit < QUIET_SHARE ? "" : ": not quiet, -Dwarmup.max");
      }
    }
  }
}
