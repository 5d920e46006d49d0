package com.voxell.lux.cluster.control;

import com.voxell.lux.problems.entity.Problem;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Acknowledges a grid write only while every document has its backup on another member. A data grid
 * answers a write once the copies its partition table names have it; but right after a member joins
 * or leaves, that table names no backup for some partitions, or a backup that has not yet received
 * the older entries, and a write acknowledged then lives on one member only until the grid has
 * copied it. A second fault in that window (the lone holder wrongly suspected and merged away, or
 * killed) loses it.
 *
 * <p>So the guard holds writes from every change of members or partitions until the grid's own
 * check says every backup is in place again and in sync ({@code replicasSafe}, asked on a thread of
 * its own, twice in a row with the same members), and remembers the members it proved that for. A
 * write runs only while the members are still those, waiting up to {@code patience} for the proof
 * before it is refused with 503; if the members change while it runs it is refused too, since it
 * may have landed on one copy only. The members are read on the caller's thread at both ends, so a
 * change the grid made before its event reached the guard still counts.
 */
public final class ReplicaGuard implements AutoCloseable {

  static final long RETRY_AFTER_SECONDS = 1;

  private static final System.Logger LOG = System.getLogger(ReplicaGuard.class.getName());

  private final Supplier<?> members;
  private final BooleanSupplier replicasSafe;
  private final Duration recheck;
  private final Duration patience;
  private final AtomicLong changes = new AtomicLong();
  private final Thread checker;
  private final Object signal = new Object();

  /** The members the grid was last proved safe with, or {@code null} while that is unproved. */
  private volatile Object safeWith;

  private volatile boolean running = true;

  /**
   * @param members the grid's current members, read without a remote call (compared with {@code
   *     equals})
   * @param replicasSafe whether every partition has all its copies and they are in sync (may block)
   * @param recheck how long to wait before asking {@code replicasSafe} again
   * @param patience how long a write waits for the proof before it is refused
   */
  public ReplicaGuard(
      Supplier<?> members,
      BooleanSupplier replicasSafe,
      ThreadFactory threads,
      Duration recheck,
      Duration patience) {
    this.members = members;
    this.replicasSafe = replicasSafe;
    this.recheck = recheck;
    this.patience = patience;
    this.checker = threads.newThread(this::check);
    checker.setName("lux-replica-guard");
    checker.setDaemon(true);
    checker.start();
  }

  /** Members or partitions moved: writes wait for a new proof. Cheap; safe on a grid thread. */
  public void changed() {
    changes.incrementAndGet();
    safeWith = null;
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Whether the grid is proved safe with its current members (for tests). */
  boolean safe() {
    Object proved = safeWith;
    return proved != null && proved.equals(members.get());
  }

  /**
   * Runs {@code write} once the grid is proved safe with its current members and answers what it
   * returned if they stayed the same; otherwise refuses with 503 and {@code Retry-After}.
   */
  public <T> T write(Supplier<T> write) {
    Object before = awaitSafe();
    if (before == null) {
      throw Problem.unavailable(
          "The cluster is copying documents to their backups after a member joined or left;"
              + " retry in a moment.",
          RETRY_AFTER_SECONDS);
    }
    T result = write.get();
    if (safeWith == null || !before.equals(members.get())) {
      throw Problem.unconfirmed(
          "The cluster's members changed while this write ran", RETRY_AFTER_SECONDS);
    }
    return result;
  }

  /** The current members once proved safe, waiting up to the patience; else {@code null}. */
  private Object awaitSafe() {
    Object current = members.get();
    if (current.equals(safeWith)) {
      return current; // the common case: no lock
    }
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (signal) {
      while (true) {
        Object now = members.get();
        if (now.equals(safeWith)) {
          return now;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return null;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(signal, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  /**
   * The checker's loop: while unproved, asks the grid; a proof counts when two answers in a row,
   * {@code recheck} apart, found it safe with the same members and no change came in between.
   */
  private void check() {
    Object candidate = null;
    long candidateChanges = -1;
    boolean held = false;
    long heldSince = 0; // when writes began to wait for the proof under way, for the log
    while (running) {
      long seen = changes.get();
      Object now = members.get();
      Object proved = safeWith;
      if (proved != null && proved.equals(now)) {
        held = false;
        awaitChange(seen);
        continue;
      }
      if (!held) {
        held = true;
        heldSince = System.nanoTime();
      }
      boolean safeNow = askSafe() && now.equals(members.get()) && changes.get() == seen;
      if (!safeNow) {
        candidate = null;
      } else if (candidate != null && candidate.equals(now) && candidateChanges == seen) {
        synchronized (signal) {
          if (changes.get() == seen) {
            safeWith = now;
            signal.notifyAll();
            LOG.log(
                System.Logger.Level.INFO,
                "lux writes go on: every document has its backup again, "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heldSince)
                    + " ms after a change of members or partitions");
          }
        }
        candidate = null;
        continue;
      } else {
        candidate = now;
        candidateChanges = seen;
      }
      sleep(recheck);
    }
  }

  private boolean askSafe() {
    try {
      return replicasSafe.getAsBoolean();
    } catch (RuntimeException settling) {
      return false; // a member leaving or the grid shutting down: ask again
    }
  }

  /** Sleeps until a change arrives (or a recheck interval passes: members read again then). */
  private void awaitChange(long seen) {
    synchronized (signal) {
      if (changes.get() == seen && running) {
        try {
          TimeUnit.MILLISECONDS.timedWait(signal, Math.max(1, recheck.toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void sleep(Duration pause) {
    try {
      Thread.sleep(Math.max(1, pause.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    checker.interrupt();
    synchronized (signal) {
      signal.notifyAll();
    }
  }
}
