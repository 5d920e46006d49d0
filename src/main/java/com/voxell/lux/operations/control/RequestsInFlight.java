package com.voxell.lux.operations.control;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The requests a node is still answering. A node told to stop refuses new requests at once, but
 * those it took before must end before the server takes the application down under them: a request
 * still running then meets half-destroyed parts (a bean whose class loader is closing, a grid
 * member already gone) and its client gets the server's 500 instead of Lux's answer. So the stop
 * waits, up to a limit, until none is left.
 *
 * <p>Every request counts itself in and out, so the count is a {@link LongAdder}: no lock and no
 * shared cache line on the request path. Only the stop, once, reads it, every few milliseconds.
 */
public final class RequestsInFlight {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final LongAdder running = new LongAdder();

  /** A request is being answered; pair with {@link #ended}. */
  public void began() {
    running.increment();
  }

  public void ended() {
    running.decrement();
  }

  /**
   * Waits until no request is being answered, at most {@code limit}.
   *
   * @return whether none is left
   */
  public boolean awaitNone(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (running() > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
    }
    return true;
  }

  public int running() {
    return running.intValue();
  }
}
