package com.voxell.lux.operations.boundary;

import com.voxell.lux.operations.control.RequestsInFlight;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.servlet.ServletContext;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Whether this node takes requests: not while it is starting, yes once Lux has started, and no more
 * from the moment it is told to stop. "Started" is the end of Lux's own start-up (after every other
 * observer of the application's start, such as the start line); "stopping" begins with the JVM's
 * shutdown (SIGTERM) or the undeployment, whichever comes first, so {@code /health/ready} goes DOWN
 * before anything is torn down and a load balancer can drain the node while the server waits out
 * its shutdown grace.
 *
 * <p>Once Lux has started, this object itself is also kept in the servlet context ({@link #of}),
 * where {@link AvailabilityFilter} reads its phase and counts its requests without CDI: while the
 * application is undeployed its beans are gone, and the filter must still answer 503 rather than
 * fail with an empty 500.
 */
@ApplicationScoped
public class NodeLifecycle {

  /** Where the node is in its life, as {@code /health/ready} reports it. */
  public enum Phase {
    STARTING,
    SERVING,
    STOPPING;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Logger LOG = Logger.getLogger(NodeLifecycle.class.getName());
  private static final String ATTRIBUTE = NodeLifecycle.class.getName();

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
  private final RequestsInFlight requests = new RequestsInFlight();
  private Thread onSigterm;

  @PostConstruct
  void watchForShutdown() {
    onSigterm = new Thread(this::stopping, "lux-stopping");
    Runtime.getRuntime().addShutdownHook(onSigterm);
  }

  /** Runs after every other observer of the start, which builds the beans Lux needs. */
  void started(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000)
          @Initialized(ApplicationScoped.class)
          ServletContext context) {
    context.setAttribute(ATTRIBUTE, this); // the instance, not a CDI proxy: no context needed
    if (phase.compareAndSet(Phase.STARTING, Phase.SERVING)) {
      LOG.info("lux serving: takes requests, /health/ready is UP");
    }
  }

  void undeploying(@Observes @BeforeDestroyed(ApplicationScoped.class) Object undeploying) {
    stopping();
  }

  @PreDestroy
  void forgetShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(onSigterm);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs or has run: nothing to remove
    }
  }

  private void stopping() {
    if (phase.getAndSet(Phase.STOPPING) != Phase.STOPPING) {
      LOG.info("lux stopping: refuses new requests with 503, /health/ready is DOWN");
    }
  }

  public Phase phase() {
    return phase.get();
  }

  /**
   * The requests taken while serving and not yet answered (counted by {@link AvailabilityFilter}).
   */
  public RequestsInFlight requests() {
    return requests;
  }

  /** This node as the servlet context holds it: {@code null} until Lux has started. */
  static NodeLifecycle of(ServletContext context) {
    return context.getAttribute(ATTRIBUTE) instanceof NodeLifecycle node ? node : null;
  }
}
