package com.voxell.lux.operations.boundary;

import com.voxell.lux.cluster.boundary.ClusterSetup;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: Lux takes traffic only once it has started and until it is told to stop
 * ({@link NodeLifecycle}), and only when its store and the stream's subscription registry answer
 * and its backplane is up (a clustered backplane that lost its grid is not). The details help an
 * operator and hold no secret: counts and the backplane's kind.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject DocumentStore store;
  @Inject Backplane backplane;
  @Inject SubscriptionRegistry registry;
  @Inject LuxMetrics metrics;
  @Inject NodeLifecycle lifecycle;
  @Inject ClusterSetup cluster;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder answer = HealthCheckResponse.named("lux");
    try {
      NodeLifecycle.Phase phase = lifecycle.phase();
      boolean backplaneUp = backplane.up();
      long subscriptions = registry.subscriptions(); // the stream's registry answers
      return answer
          .status(phase == NodeLifecycle.Phase.SERVING && backplaneUp)
          .withData("phase", phase.label())
          .withData("store", "up")
          .withData("documents", store.size())
          .withData("backplane", backplane.getClass().getSimpleName())
          .withData("backplaneUp", backplaneUp)
          .withData("members", cluster.members())
          .withData("socketsOpen", metrics.socketsOpen())
          .withData("subscriptions", subscriptions)
          .build();
    } catch (RuntimeException e) {
      return answer
          .down()
          .withData("phase", lifecycle.phase().label())
          .withData("store", "failing: " + e.getClass().getSimpleName())
          .build();
    }
  }
}
