package com.voxell.lux.documents.boundary;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.BatchWriter;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.ItemWriter;
import com.voxell.lux.documents.control.RateLimiter;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.BatchLimits;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.problems.entity.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the store from MicroProfile Config at start-up (defaults in {@code
 * META-INF/microprofile-config.properties}, the one place they are written) and runs its timers
 * (leases, stalls, expiry) on the container's scheduler.
 */
@ApplicationScoped
public class DocumentsSetup {

  private static final Logger LOG = Logger.getLogger(DocumentsSetup.class.getName());

  @Inject
  @ConfigProperty(name = "lux.max-document-bytes")
  int maxDocumentBytes;

  @Inject
  @ConfigProperty(name = "lux.max-depth")
  int maxDepth;

  @Inject
  @ConfigProperty(name = "lux.max-documents")
  int maxDocuments;

  @Inject
  @ConfigProperty(name = "lux.default-ttl")
  long defaultTtl;

  @Inject
  @ConfigProperty(name = "lux.max-ttl")
  long maxTtl;

  @Inject
  @ConfigProperty(name = "lux.insight.window")
  int insightWindow;

  @Inject
  @ConfigProperty(name = "lux.insight.timeline")
  int insightTimeline;

  @Inject
  @ConfigProperty(name = "lux.insight.stall-after")
  long stallAfter;

  @Inject
  @ConfigProperty(name = "lux.sweep-interval-ms")
  long sweepIntervalMillis;

  @Inject
  @ConfigProperty(name = "lux.batch.max-writes")
  int maxBatchWrites;

  @Inject
  @ConfigProperty(name = "lux.batch.max-bytes")
  int maxBatchBytes;

  @Resource ManagedScheduledExecutorService scheduler;

  /**
   * Where documents live, this JVM or the cluster's data grid (lux.cluster): the cluster package
   * produces both.
   */
  @Inject Backplane backplane;

  @Inject RateLimiter rateLimiter;

  private Limits limits;
  private DocumentStore store;
  private WriteRequestReader reader;
  private ItemWriter items;
  private ScheduledFuture<?> sweeper;

  /** Observing start-up makes the container build this bean, and start the timers, at once. */
  void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  @PostConstruct
  void start() {
    limits = new Limits(maxDocumentBytes, maxDepth, maxDocuments, defaultTtl, maxTtl);
    InsightSettings insight = new InsightSettings(insightWindow, insightTimeline, stallAfter);
    store = new DocumentStore(backplane, limits, insight, Clock.systemUTC(), rateLimiter);
    reader = new WriteRequestReader(limits);
    items = new ItemWriter(store, reader);
    sweeper =
        scheduler.scheduleWithFixedDelay(
            this::sweep, sweepIntervalMillis, sweepIntervalMillis, TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    try {
      store.sweep();
    } catch (Problem refused) {
      // Unavailable: cut off from its cluster's majority, no timer may fire here until the node
      // merges back (the quorum's loss and return are logged where they are noticed).
      LOG.log(
          refused.kind() == Problem.Kind.UNAVAILABLE ? Level.FINE : Level.WARNING,
          "lease and expiry sweep refused; retrying next round",
          refused);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "lease and expiry sweep failed; retrying next round", e);
    }
  }

  @PreDestroy
  void stop() {
    if (sweeper != null) {
      sweeper.cancel(false);
    }
  }

  @Produces
  @Singleton
  DocumentStore store() {
    return store;
  }

  @Produces
  @Singleton
  WriteRequestReader writeRequestReader() {
    return reader;
  }

  @Produces
  @Singleton
  ItemWriter itemWriter() {
    return items;
  }

  @Produces
  @Singleton
  BatchWriter batchWriter() {
    return new BatchWriter(items, reader, new BatchLimits(maxBatchWrites, maxBatchBytes));
  }
}
