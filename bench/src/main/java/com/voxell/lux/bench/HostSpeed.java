package com.voxell.lux.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * How fast this host is right now, on one core: SHA-256 throughput (the core's own speed) and the
 * time of one random read from a 64 MB array (memory and the caches other guests share). One
 * session's machine took 2.5 times the CPU per write of the next one's, same build, same kind of
 * machine; these two numbers, printed with every run, help tell a slower host from a slower
 * build.
 */
record HostSpeed(double shaMegabytesPerSecond, double randomReadNanos) {

  private static final int TRIES = 5;

  static HostSpeed measure() {
    return new HostSpeed(bestSha(), bestRandomRead());
  }

  @Override
  public String toString() {
    return String.format(
        "host: SHA-256 %.0f MB/s on one core, a random read from 64 MB %.0f ns",
        shaMegabytesPerSecond, randomReadNanos);
  }

  private static double bestSha() {
    byte[] data = new byte[8 << 20];
    new SplittableRandom(1).nextBytes(data);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    double best = 0;
    for (int i = 0; i < TRIES; i++) {
      long start = System.nanoTime();
      sha.update(data);
      sha.digest();
      best = Math.max(best, data.length / 1e6 / ((System.nanoTime() - start) / 1e9));
    }
    return best;
  }

  /** A pointer chase through one random cycle: each read waits for the one before it. */
  private static double bestRandomRead() {
    int[] next = randomCycle(16 << 20); // 16 Mi ints = 64 MB
    int reads = 2_000_000;
    double best = Double.MAX_VALUE;
    int at = 0;
    for (int i = 0; i < TRIES; i++) {
      long start = System.nanoTime();
      for (int r = 0; r < reads; r++) {
        at = next[at];
      }
      best = Math.min(best, (System.nanoTime() - start) / (double) reads);
    }
    if (at < 0) {
      throw new AssertionError(); // keeps the chase from being optimized away
    }
    return best;
  }

  // Sattolo's shuffle: one cycle through every slot, so the chase never falls into a short loop
  private static int[] randomCycle(int size) {
    int[] next = new int[size];
    for (int i = 0; i < size; i++) {
      next[i] = i;
    }
    SplittableRandom random = new SplittableRandom(2);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i);
      int swap = next[i];
      next[i] = next[j];
      next[j] = swap;
    }
    return next;
  }
}
