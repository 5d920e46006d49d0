package com.voxell.lux.operations.boundary;

import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.operations.control.CountMeter;
import com.voxell.lux.operations.control.LatencyMeter;
import com.voxell.lux.operations.control.LevelMeter;
import com.voxell.lux.operations.control.Meter;
import com.voxell.lux.operations.control.PrometheusText;
import com.voxell.lux.operations.control.RefusalLog;
import com.voxell.lux.problems.entity.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Lux's meters, the one class every part of Lux reports to: writes, refusals, sockets,
 * subscriptions, deliveries. Each call is an add on a {@link
 * java.util.concurrent.atomic.LongAdder}, never a lock, so it is safe on a writer's thread. The
 * meters are exported through MicroProfile Metrics where the server has it (Payara) and as Lux's
 * own Prometheus text at {@code /metrics} where it has not (WildFly 28 and later): see {@link
 * MetricsExport}.
 */
@ApplicationScoped
public class LuxMetrics {

  /** Outcomes of a write, the values of {@code lux_writes_total{outcome}}. */
  public static final String CREATED = "created";

  public static final String UPDATED = "updated";
  public static final String DELETED = "deleted";
  public static final String REFUSED = "refused";

  /** Socket endpoints, the values of {@code lux_sockets_open{endpoint}}. */
  public static final List<String> ENDPOINTS = List.of("document", "multiplexed", "events");

  private static final Logger LOG = Logger.getLogger(LuxMetrics.class.getName());
  private static final Duration REFUSAL_WINDOW = Duration.ofSeconds(10);

  @Inject DocumentStore store;
  @Resource ManagedScheduledExecutorService scheduler;

  private final CountMeter writes =
      CountMeter.labeled(
          "lux_writes_total",
          "Writes to documents by outcome (created, updated, deleted, refused).",
          "outcome",
          List.of(CREATED, UPDATED, DELETED, REFUSED));
  private final CountMeter refusals =
      CountMeter.labeled(
          "lux_refusals_total",
          "Requests refused, by reason (the problem type's last word).",
          "reason",
          Arrays.stream(Problem.Kind.values()).map(kind -> kind.slug).toList());
  private final CountMeter deliveries =
      CountMeter.of("lux_deliveries_total", "Stream messages handed to subscribers' sockets.");
  private final CountMeter conflated =
      CountMeter.of(
          "lux_conflated_total",
          "States a slow subscriber skipped because a newer one replaced them before sending.");
  private final CountMeter slowConsumerCloses =
      CountMeter.of(
          "lux_slow_consumer_closes_total", "Sockets closed with 1013 for falling too far behind.");
  private final LevelMeter sockets =
      LevelMeter.labeled(
          "lux_sockets_open", "Open stream sockets by endpoint.", "endpoint", ENDPOINTS);
  private final LevelMeter subscriptions =
      LevelMeter.kept("lux_subscriptions", "Subscriptions held (document ids and prefixes).");
  private final LatencyMeter writeToSend =
      new LatencyMeter(
          "lux_write_to_send_seconds",
          "Time from a write's acceptance to the hand-over of its message to a socket.");

  private List<Meter> meters;
  private RefusalLog refusalLog;
  private ScheduledFuture<?> flusher;

  /** Observing start-up builds this bean, and registers the meters, before the first scrape. */
  void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  @PostConstruct
  void start() {
    LevelMeter documents =
        LevelMeter.reading("lux_documents_held", "Documents held on this node.", store::size);
    meters =
        List.of(
            documents,
            writes,
            refusals,
            deliveries,
            conflated,
            slowConsumerCloses,
            sockets,
            subscriptions,
            writeToSend);
    refusalLog = new RefusalLog(Clock.systemUTC(), REFUSAL_WINDOW, LOG::info);
    long window = REFUSAL_WINDOW.toMillis();
    flusher =
        scheduler.scheduleWithFixedDelay(refusalLog::flush, window, window, TimeUnit.MILLISECONDS);
    MetricsExport.register(meters);
  }

  @PreDestroy
  void stop() {
    if (flusher != null) {
      flusher.cancel(false);
    }
    refusalLog.flush();
  }

  /**
   * One write's outcome: {@link #CREATED}, {@link #UPDATED}, {@link #DELETED}, {@link #REFUSED}.
   */
  public void written(String outcome) {
    writes.increment(outcome);
  }

  /** A refused request (HTTP answer or stream error), counted and logged once per burst. */
  public void refused(Problem.Kind kind) {
    refusals.increment(kind.slug);
    refusalLog.refused(kind.slug);
  }

  public void socketOpened(String endpoint) {
    sockets.add(endpoint, 1);
  }

  public void socketClosed(String endpoint) {
    sockets.add(endpoint, -1);
  }

  public void subscribed() {
    subscriptions.add(1);
  }

  public void unsubscribed() {
    subscriptions.add(-1);
  }

  /** A message handed to a socket, {@code nanos} after its write was accepted. */
  public void delivered(long nanos) {
    deliveries.increment();
    writeToSend.observeNanos(nanos);
  }

  public void conflated() {
    conflated.increment();
  }

  public void slowConsumerClosed() {
    slowConsumerCloses.increment();
  }

  public long socketsOpen() {
    return ENDPOINTS.stream().mapToLong(sockets::level).sum();
  }

  public List<Meter> meters() {
    return meters;
  }

  /** Every meter in the Prometheus text format. */
  public String prometheusText() {
    return PrometheusText.of(meters);
  }
}
