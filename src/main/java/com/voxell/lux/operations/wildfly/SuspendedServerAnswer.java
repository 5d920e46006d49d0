package com.voxell.lux.operations.wildfly;

import com.voxell.lux.operations.boundary.AvailabilityFilter;
import com.voxell.lux.problems.boundary.ProblemResponses;
import com.voxell.lux.problems.entity.Problem;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import jakarta.servlet.ServletContext;

/**
 * On WildFly, Lux's {@code 503} problem+json for the requests WildFly refuses itself while it is
 * suspended: from SIGTERM until it has undeployed Lux (and whenever an operator suspends it), its
 * request controller answers every request to a deployment with a bare {@code 503}, before any
 * servlet filter runs, which the server then fills with its own HTML page. Lux's {@code
 * AvailabilityFilter} never sees those requests, so this puts a default answer in front of that
 * check: a {@code 503} that ends without a body becomes Lux's problem with the same {@code
 * Retry-After} as AvailabilityFilter's and {@code Connection: close} (the node is going away; the
 * client reconnects through its load balancer). Every answer Lux writes itself has a body and
 * passes untouched.
 *
 * <p>Undertow finds this class through {@code
 * META-INF/services/io.undertow.servlet.ServletExtension}; no other server looks there, so nothing
 * else loads it.
 */
public final class SuspendedServerAnswer implements ServletExtension {

  static final String BODY =
      ProblemResponses.body(
              Problem.Kind.UNAVAILABLE,
              "WildFly has suspended this node (it is stopping, or was suspended); retry, another node"
                  + " will answer.")
          .toString();

  @Override
  public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
    // added after WildFly's own suspension check, so it wraps it and its listener runs first
    deployment.addInitialHandlerChainWrapper(
        next ->
            exchange -> {
              exchange.addDefaultResponseListener(SuspendedServerAnswer::answer);
              next.handleRequest(exchange);
            });
  }

  /** Writes the problem if the exchange ends as a bare 503; {@code false} leaves it alone. */
  static boolean answer(HttpServerExchange exchange) {
    if (exchange.getStatusCode() != StatusCodes.SERVICE_UNAVAILABLE
        || !exchange.isResponseChannelAvailable()) {
      return false;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE);
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, AvailabilityFilter.RETRY_AFTER_SECONDS);
    exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
    exchange.getResponseSender().send(BODY);
    return true;
  }
}
