package com.voxell.lux.stream.boundary;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.ItemWriter;
import com.voxell.lux.stream.control.SocketWrites;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import com.voxell.lux.stream.entity.StreamLimits;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the subscription registry from MicroProfile Config at start-up (defaults in {@code
 * META-INF/microprofile-config.properties}, the one place they are written), feeds it the
 * backplane's changes, runs its once-a-second chores, and closes every stream with 1001 when the
 * application stops, so clients reconnect elsewhere or later.
 */
@ApplicationScoped
public class StreamSetup {

  private static final Logger LOG = Logger.getLogger(StreamSetup.class.getName());

  @Inject
  @ConfigProperty(name = "lux.stream.max-subscriptions")
  int maxSubscriptions;

  @Inject
  @ConfigProperty(name = "lux.stream.max-message-bytes")
  int maxMessageBytes;

  @Inject
  @ConfigProperty(name = "lux.stream.max-connections-per-key")
  int maxConnectionsPerKey;

  @Inject
  @ConfigProperty(name = "lux.stream.max-lag-ms")
  long maxLagMillis;

  @Inject
  @ConfigProperty(name = "lux.stream.max-pending")
  int maxPending;

  @Inject
  @ConfigProperty(name = "lux.stream.heartbeat-seconds")
  long heartbeatSeconds;

  @Inject
  @ConfigProperty(name = "lux.stream.ping-seconds")
  long pingSeconds;

  @Inject
  @ConfigProperty(name = "lux.stream.sse-comment-seconds")
  long sseCommentSeconds;

  @Inject
  @ConfigProperty(name = "lux.stream.lanes")
  int lanes;

  @Inject Backplane backplane;
  @Inject ItemWriter items;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  private StreamLimits limits;
  private SubscriptionRegistry registry;
  private ScheduledFuture<?> ticker;
  private ExecutorService transport;

  /** Observing start-up builds the registry before the first write, so it misses no change. */
  void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  @PostConstruct
  void start() {
    int laneCount = lanes > 0 ? lanes : Math.max(2, Runtime.getRuntime().availableProcessors());
    limits =
        new StreamLimits(
            maxSubscriptions,
            maxMessageBytes,
            maxConnectionsPerKey,
            Duration.ofMillis(maxLagMillis),
            maxPending,
            Duration.ofSeconds(heartbeatSeconds),
            laneCount);
    // A plain pool on managed threads: a managed executor captures context for every task, which on
    // Payara costs a class-path scan; pings and closes need no context.
    transport = Executors.newFixedThreadPool(2, threads);
    registry =
        new SubscriptionRegistry(
            backplane, limits, threads, transport, Clock.systemUTC(), System::nanoTime);
    ticker = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  private void tick() {
    try {
      registry.tick();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stream chores failed; retrying next second", e);
    }
  }

  @PreDestroy
  void stop() {
    if (ticker != null) {
      ticker.cancel(false);
    }
    registry.closeAll();
    transport.shutdown();
  }

  @Produces
  @Singleton
  SubscriptionRegistry registry() {
    return registry;
  }

  @Produces
  @Singleton
  StreamLimits limits() {
    return limits;
  }

  @Produces
  @Singleton
  SocketWrites socketWrites() {
    return new SocketWrites(items);
  }

  /** Runs blocking transport work (pings, closes) off the lanes. */
  Executor executor() {
    return transport;
  }

  ManagedThreadFactory threads() {
    return threads;
  }

  Duration pingInterval() {
    return Duration.ofSeconds(pingSeconds);
  }

  Duration sseCommentInterval() {
    return Duration.ofSeconds(sseCommentSeconds);
  }
}
