package com.voxell.lux.operations.boundary;

import com.voxell.lux.problems.entity.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts every answer of the HTTP API once it is decided: refusals by reason, and the outcome of
 * each document write (PUT, PATCH, DELETE, and a lease renewal's POST, which counts as a write).
 * Runs for refusals raised before a resource is reached (401 from the credential filter, 404 for an
 * unknown path) too. A batch's writes are counted one by one by the batch resource.
 */
@Provider
public class ApiMetricsFilter implements ContainerResponseFilter {

  @Inject LuxMetrics metrics;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    if (status >= 400) {
      metrics.refused(Problem.Kind.ofStatus(status));
    }
    String method = request.getMethod();
    boolean write =
        HttpMethod.PUT.equals(method)
            || HttpMethod.PATCH.equals(method)
            || HttpMethod.DELETE.equals(method)
            || HttpMethod.POST.equals(method) && request.getUriInfo().getPath().endsWith("/lease");
    if (write) {
      metrics.written(status);
    }
  }
}
