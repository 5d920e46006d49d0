package com.voxell.lux.operations.boundary;

import com.voxell.lux.operations.payara.ListenerClosing;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * On Payara Micro started with Lux's command files, the HTTP listener closes when the server begins
 * to stop, after its shutdown grace and before it undeploys Lux ({@link ListenerClosing}), so no
 * connection is answered by a half-undeployed application. The stream connections are closed with
 * 1001 first, as the undeployment would close them, and the requests the node took before it was
 * told to stop are waited for (up to {@link #REQUESTS_PATIENCE}): one still running as Payara takes
 * Lux down would meet half-destroyed beans and be answered with a 500, and the listener's closing
 * does not end the connections it is on at once. Elsewhere this does nothing.
 */
@ApplicationScoped
public class ListenerBeforeUndeploy {

  /**
   * How long a stopping node waits for the requests it took before it stopped taking them: longer
   * than a write waits for the grid's backups (1 s) or for a backup's acknowledgement (3 s).
   */
  static final Duration REQUESTS_PATIENCE = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(ListenerBeforeUndeploy.class.getName());

  @Inject SubscriptionRegistry registry;
  @Inject NodeLifecycle lifecycle;

  /** Unregisters from the server; no Payara type here, so WildFly's CDI never loads one. */
  private Optional<Runnable> unregister = Optional.empty();

  void started(@Observes @Initialized(ApplicationScoped.class) Object started) {
    try {
      unregister = ListenerClosing.ofServer(this::beforeClosing);
    } catch (NoClassDefFoundError notPayara) {
      // a server without Payara's (GlassFish's) API, such as WildFly: its own order applies
    }
  }

  /** Closes the stream connections, then waits for the requests still being answered. */
  private void beforeClosing() {
    registry.closeConnectionsNow(1001, "server going away");
    try {
      if (!lifecycle.requests().awaitNone(REQUESTS_PATIENCE)) {
        LOG.warning(
            "lux stopping: "
                + lifecycle.requests().running()
                + " requests still running after "
                + REQUESTS_PATIENCE.toSeconds()
                + " s; Payara undeploys Lux under them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void stop() {
    unregister.ifPresent(Runnable::run);
  }
}
