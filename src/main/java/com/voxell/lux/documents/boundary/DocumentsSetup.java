package com.voxell.lux.documents.boundary;

import com.voxell.lux.cluster.boundary.ClusterSetup;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.BatchWriter;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.ItemWriter;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.BatchLimits;
import com.voxell.lux.documents.entity.InsightSettings;
import com.voxell.lux.documents.entity.Limits;
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
 * Builds the store from MicroProfile Config at start-up and runs its timers (leases, stalls,
 * expiry) on the container's scheduler.
 */
@ApplicationScoped
public class DocumentsSetup {

  private static final Logger LOG = Logger.getLogger(DocumentsSetup.class.getName());

  @Inject
  @ConfigProperty(name = "lux.max-document-bytes", defaultValue = "65536")
  int maxDocumentBytes;

  @Inject
  @ConfigProperty(name = "lux.max-depth", defaultValue = "32")
  int maxDepth;

  @Inject
  @ConfigProperty(name = "lux.max-documents", defaultValue = "100000")
  int maxDocuments;

  @Inject
  @ConfigProperty(name = "lux.default-ttl", defaultValue = "86400")
  long defaultTtl;

  @Inject
  @ConfigProperty(name = "lux.max-ttl", defaultValue = "31536000")
  long maxTtl;

  @Inject
  @ConfigProperty(name = "lux.insight.window", defaultValue = "8")
  int insightWindow;

  @Inject
  @ConfigProperty(name = "lux.insight.timeline", defaultValue = "50")
  int insightTimeline;

  @Inject
  @ConfigProperty(name = "lux.insight.stall-after", defaultValue = "300")
  long stallAfter;

  @Inject
  @ConfigProperty(name = "lux.sweep-interval-ms", defaultValue = "200")
  long sweepIntervalMillis;

  @Inject
  @ConfigProperty(name = "lux.batch.max-writes", defaultValue = "1000")
  int maxBatchWrites;

  @Inject
  @ConfigProperty(name = "lux.batch.max-bytes", defaultValue = "4194304")
  int maxBatchBytes;

  @Resource ManagedScheduledExecutorService scheduler;

  /** Where documents live: this JVM or the cluster's data grid (lux.cluster). */
  @Inject ClusterSetup cluster;

  private Limits limits;
  private Backplane backplane;
  private DocumentStore store;
  private WriteRequestReader reader;
  private ItemWriter items;
  private ScheduledFuture<?> sweeper;

  /** Observing start-up makes the container build this bean, and start the timers, at once. */
  void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  @PostConstruct
  void start() {
    limits = new Limits(maxDocumentBytes, maxDepth, maxDocuments, defaultTtl, maxTtl);
    backplane = cluster.backplane();
    InsightSettings insight = new InsightSettings(insightWindow, insightTimeline, stallAfter);
    store = new DocumentStore(backplane, limits, insight, Clock.systemUTC(), cluster.rateLimiter());
    reader = new WriteRequestReader(limits);
    items = new ItemWriter(store, reader);
    sweeper =
        scheduler.scheduleWithFixedDelay(
            this::sweep, sweepIntervalMillis, sweepIntervalMillis, TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    try {
      store.sweep();
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
  Backplane backplane() {
    return backplane;
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
