package com.voxell.lux.stream.control;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.control.ReissueMutation;
import com.voxell.lux.documents.entity.Document;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Re-issues the stored state of documents whose subscribers were sent a state the grid then lost
 * ({@link ReissueMutation}), on a thread of its own: a lane that finds one only queues it here, and
 * a write to the grid may wait (the cluster still settling after the fault that lost the state).
 */
final class Reissues implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Reissues.class.getName());

  private final Backplane backplane;
  private final StreamCounters counters;
  private final ExecutorService writer;

  Reissues(Backplane backplane, StreamCounters counters, ThreadFactory threads) {
    this.backplane = backplane;
    this.counters = counters;
    this.writer = Executors.newSingleThreadExecutor(threads);
  }

  /** Queues the re-issue above {@code sent}, a state passed on that the grid no longer holds. */
  void reissueAbove(Document sent) {
    writer.execute(() -> reissue(sent));
  }

  private void reissue(Document sent) {
    try {
      Outcome outcome =
          backplane.apply(sent.id(), new ReissueMutation(sent.epoch(), sent.version()));
      if (outcome.changed()) {
        counters.countReissued();
        // Not a warning: the recovery from a fault the cluster's own logs already report.
        LOG.log(
            System.Logger.Level.INFO,
            "lux stream: subscribers were sent version "
                + sent.version()
                + " of a document, which the cluster lost (a write that a member applied as it"
                + " froze or left, never acknowledged); its stored state was re-issued as version "
                + outcome.next().version());
      }
    } catch (RuntimeException e) {
      // Refused while the cluster settles (503): the next catch-up read finds the lost state again.
      LOG.log(System.Logger.Level.INFO, "lux stream: a re-issue could not be written yet: " + e);
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
