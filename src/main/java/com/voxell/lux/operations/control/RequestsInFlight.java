package com.voxell.lux.operations.control;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The requests a node is still answering. A node told to stop refuses new requests at once, but
 * those it took before must end before the server takes the application down under them: a request
 * still running then meets half-destroyed parts (a bean whose class loader is closing, a grid
 * member already gone) and its client gets the server's 500 instead of Lux's answer. So the stop
 * waits, up to a limit, until none is left.
 */
public final class RequestsInFlight {

  private int running;

  /** A request is being answered; pair with {@link #ended}. */
  public synchronized void began() {
    running++;
  }

  public synchronized void ended() {
    running--;
    if (running == 0) {
      notifyAll();
    }
  }

  /**
   * Waits until no request is being answered, at most {@code limit}.
   *
   * @return whether none is left
   */
  public synchronized boolean awaitNone(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  public synchronized int running() {
    return running;
  }
}
