package com.voxell.lux.operations.boundary;

import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.WriteMetrics;
import com.voxell.lux.operations.control.CountMeter;
import com.voxell.lux.operations.control.LatencyMeter;
import com.voxell.lux.operations.control.LevelMeter;
import com.voxell.lux.operations.control.Meter;
import com.voxell.lux.operations.control.PrometheusText;
import com.voxell.lux.operations.control.RefusalLog;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.stream.control.StreamCounters;
import com.voxell.lux.stream.control.StreamMetrics;
import com.voxell.lux.stream.control.SubscriptionRegistry;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Lux's meters: writes, refusals, sockets, subscriptions, deliveries. Documents and the stream
 * report through their own small interfaces ({@link WriteMetrics}, {@link StreamMetrics}), which
 * this bean implements, so neither imports this package. Each call is an add on a {@link
 * java.util.concurrent.atomic.LongAdder}, never a lock, so it is safe on a writer's thread. The
 * meters are exported through MicroProfile Metrics where the server has it (Payara) and as Lux's
 * own Prometheus text at {@code /metrics} where it has not (WildFly 28 and later): see {@link
 * MetricsExport}.
 */
@ApplicationScoped
public class LuxMetrics implements WriteMetrics, StreamMetrics {

  /** Outcomes of a write, the values of {@code lux_writes_total{outcome}}. */
  public static final String CREATED = "created";

  public static final String UPDATED = "updated";
  public static final String DELETED = "deleted";
  public static final String REFUSED = "refused";

  private static final Logger LOG = Logger.getLogger(LuxMetrics.class.getName());
  private static final Duration REFUSAL_WINDOW = Duration.ofSeconds(10);

  @Inject DocumentStore store;
  @Inject SubscriptionRegistry registry;
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
  private final LongAdder documentSockets = new LongAdder();
  private final LongAdder multiplexedSockets = new LongAdder();
  private final LatencyMeter writeToSend =
      new LatencyMeter(
          "lux_write_to_send_seconds",
          "Time from a write's acceptance to the completed send of its update to a socket (one"
              + " reading per send, of the oldest message a batched frame carried).");

  private List<Meter> meters;
  private RefusalLog refusalLog;
  private ScheduledFuture<?> flusher;

  /** Observing start-up builds this bean, and registers the meters, before the first scrape. */
  void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  @PostConstruct
  void start() {
    StreamCounters stream = registry.counters();
    meters =
        List.of(
            LevelMeter.reading("lux_documents_held", "Documents held on this node.", store::size),
            writes,
            refusals,
            CountMeter.reading(
                "lux_deliveries_total", "Stream messages sent to subscribers.", stream::sent),
            CountMeter.reading(
                "lux_stream_sends_total",
                "Socket writes that carried them (one frame may batch many messages).",
                stream::sends),
            CountMeter.reading(
                "lux_conflated_total",
                "States skipped because a newer one replaced them unsent: per slow subscriber, or"
                    + " once for all when writes came faster than they could be rendered.",
                stream::conflated),
            CountMeter.reading(
                "lux_slow_consumer_closes_total",
                "Stream connections closed with 1013 for falling too far behind.",
                stream::closedSlow),
            LevelMeter.readings(
                "lux_sockets_open",
                "Open stream connections by endpoint (events: Server-Sent Events).",
                "endpoint",
                sockets(stream)),
            LevelMeter.reading(
                "lux_subscriptions",
                "Subscriptions held by open connections (ids plus prefixes).",
                registry::subscriptions),
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

  /** One document write by its status; batch items report here one by one too. */
  @Override
  public void written(int status) {
    writes.increment(
        status == 201
            ? CREATED
            : status == 204 ? DELETED : status >= 200 && status < 300 ? UPDATED : REFUSED);
  }

  /** A refused request (HTTP answer or stream error), counted and logged once per burst. */
  @Override
  public void refused(Problem.Kind kind) {
    refusals.increment(kind.slug);
    refusalLog.refused(kind.slug);
  }

  @Override
  public void socketOpened(String endpoint) {
    socketCount(endpoint).increment();
  }

  @Override
  public void socketClosed(String endpoint) {
    socketCount(endpoint).decrement();
  }

  private LongAdder socketCount(String endpoint) {
    return "multiplexed".equals(endpoint) ? multiplexedSockets : documentSockets;
  }

  /**
   * Times a completed send from its oldest update's write. In a cluster the writer's node stamped
   * that time, so the figure includes the clock skew between the two nodes.
   */
  @Override
  public void updateSent(long writtenAtMillis) {
    long millis = Math.max(0, System.currentTimeMillis() - writtenAtMillis);
    writeToSend.observeNanos(millis * 1_000_000);
  }

  /** Open stream connections, WebSocket and Server-Sent Events. */
  public long socketsOpen() {
    return registry.counters().connections();
  }

  /** WebSockets by endpoint as counted here; the rest of the registry's connections are SSE. */
  private Map<String, LongSupplier> sockets(StreamCounters stream) {
    Map<String, LongSupplier> sockets = new LinkedHashMap<>();
    sockets.put("document", documentSockets::sum);
    sockets.put("multiplexed", multiplexedSockets::sum);
    sockets.put(
        "events",
        () -> Math.max(0, stream.connections() - documentSockets.sum() - multiplexedSockets.sum()));
    return sockets;
  }

  /** Every meter in the Prometheus text format. */
  public String prometheusText() {
    return PrometheusText.of(meters);
  }
}
