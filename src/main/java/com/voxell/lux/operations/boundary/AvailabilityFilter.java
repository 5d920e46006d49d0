package com.voxell.lux.operations.boundary;

import com.voxell.lux.operations.control.RequestsInFlight;
import com.voxell.lux.problems.boundary.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The first filter of every request (declared first in web.xml, so it also runs before the
 * WebSocket upgrade): while the node is starting or stopping, the answer is {@code 503}
 * problem+json with {@code Retry-After}, never a half-started application's 404, 403 or 500. A
 * stopping node also closes the connection, so a kept-alive client reconnects, through its load
 * balancer, to a node that serves. The requests it lets through are counted ({@link
 * RequestsInFlight}), so that a stopping node can wait for them before Lux is taken down.
 */
public class AvailabilityFilter extends HttpFilter {

  /** How long a client should wait before it retries a starting or stopping node. */
  public static final int RETRY_AFTER_SECONDS = 1;

  /** Payara serves MicroProfile Health in the application's context: it says why it is DOWN. */
  private static final String HEALTH = "/health";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    NodeLifecycle node = NodeLifecycle.of(request.getServletContext());
    NodeLifecycle.Phase phase = node == null ? NodeLifecycle.Phase.STARTING : node.phase();
    if (phase == NodeLifecycle.Phase.SERVING) {
      RequestsInFlight requests = node.requests();
      requests.began(); // a stopping node waits for it before Lux is taken down
      try {
        chain.doFilter(request, response);
      } finally {
        requests.ended();
      }
      return;
    }
    if (request.getServletPath().startsWith(HEALTH)) {
      chain.doFilter(request, response);
      return;
    }
    boolean stopping = phase == NodeLifecycle.Phase.STOPPING;
    if (stopping) {
      response.setHeader("Connection", "close");
    }
    ProblemResponses.unavailable(
        response,
        RETRY_AFTER_SECONDS,
        stopping
            ? "This node is stopping; retry, another node will answer."
            : "This node is starting; retry shortly.");
  }
}
