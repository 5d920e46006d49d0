package com.voxell.lux.stream.boundary;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.problems.boundary.ProblemResponses;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a stream (a WebSocket upgrade, an event stream) with {@code 503} problem+json and {@code
 * Retry-After} while this node does not reach the cluster: on the minority side of a split its grid
 * holds only part of the documents, so a snapshot would call documents that exist {@code missing}
 * (and a client that believed it would ignore their later changes). The client retries, through its
 * load balancer, until it reaches a node that does; the node's open streams were closed with 1013
 * when it lost the cluster.
 */
@WebFilter(
    urlPatterns = {"/api/lux/stream", "/api/lux/stream/*", "/api/lux/events/*"},
    asyncSupported = true)
public class ClusterReachFilter extends HttpFilter {

  /** How long a client should wait before it tries again. */
  static final int RETRY_AFTER_SECONDS = 2;

  @Inject Backplane backplane;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (backplane.up()) {
      chain.doFilter(request, response);
      return;
    }
    ProblemResponses.unavailable(
        response,
        RETRY_AFTER_SECONDS,
        "This node does not reach the cluster; retry, another node will answer.");
  }
}
