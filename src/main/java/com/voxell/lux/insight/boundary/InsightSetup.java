package com.voxell.lux.insight.boundary;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.insight.control.RollupFeed;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the live roll-up feed, hears the changes of its watched prefixes, and sends due roll-ups
 * on the container's scheduler at most once per {@code lux.insight.rollup-interval-ms}.
 */
@ApplicationScoped
public class InsightSetup {

  private static final Logger LOG = Logger.getLogger(InsightSetup.class.getName());

  @Inject
  @ConfigProperty(name = "lux.insight.rollup-interval-ms")
  long intervalMillis;

  @Inject DocumentStore store;
  @Inject Backplane backplane;
  @Resource ManagedScheduledExecutorService scheduler;

  private RollupFeed feed;
  private ScheduledFuture<?> publisher;

  void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  @PostConstruct
  void start() {
    feed = new RollupFeed(store, backplane.interest());
    backplane.listen(feed);
    publisher =
        scheduler.scheduleWithFixedDelay(
            this::publish, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void publish() {
    try {
      feed.publishDue();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "roll-up publishing failed; retrying next round", e);
    }
  }

  @PreDestroy
  void stop() {
    if (publisher != null) {
      publisher.cancel(false);
    }
  }

  @Produces
  @Singleton
  RollupFeed rollupFeed() {
    return feed;
  }
}
