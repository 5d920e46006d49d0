package com.voxell.lux.operations.boundary;

import com.voxell.lux.operations.payara.ListenerClosing;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * On Payara Micro started with Lux's command files, the HTTP listener closes when the server begins
 * to stop, after its shutdown grace and before it undeploys Lux ({@link ListenerClosing}), so no
 * connection is answered by a half-undeployed application. The stream connections are closed with
 * 1001 first, as the undeployment would close them. Elsewhere this does nothing.
 */
@ApplicationScoped
public class ListenerBeforeUndeploy {

  @Inject SubscriptionRegistry registry;

  /** Unregisters from the server; no Payara type here, so WildFly's CDI never loads one. */
  private Optional<Runnable> unregister = Optional.empty();

  void started(@Observes @Initialized(ApplicationScoped.class) Object started) {
    try {
      unregister =
          ListenerClosing.ofServer(() -> registry.closeConnectionsNow(1001, "server going away"));
    } catch (NoClassDefFoundError notPayara) {
      // a server without Payara's (GlassFish's) API, such as WildFly: its own order applies
    }
  }

  @PreDestroy
  void stop() {
    unregister.ifPresent(Runnable::run);
  }
}
