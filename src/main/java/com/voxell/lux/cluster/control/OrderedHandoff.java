package com.voxell.lux.cluster.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Takes work off the grid's event threads (which must never wait on Lux) while keeping the order of
 * each document's changes: work for one id always runs on the same single-threaded lane.
 */
public final class OrderedHandoff implements AutoCloseable {

  private final List<ExecutorService> lanes;

  public OrderedHandoff(int laneCount, ThreadFactory threads) {
    lanes = new ArrayList<>(laneCount);
    for (int i = 0; i < laneCount; i++) {
      lanes.add(Executors.newSingleThreadExecutor(threads));
    }
  }

  /** Runs {@code work} after every earlier piece of work handed off for the same id. */
  public void submit(String id, Runnable work) {
    lanes.get(Math.floorMod(id.hashCode(), lanes.size())).execute(work);
  }

  @Override
  public void close() {
    lanes.forEach(ExecutorService::shutdown);
  }
}
