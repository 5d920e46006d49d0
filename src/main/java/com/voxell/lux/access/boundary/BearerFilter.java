package com.voxell.lux.access.boundary;

import com.voxell.lux.access.entity.Grant;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates every call of the HTTP API: {@code Authorization: Bearer …}, or {@code
 * ?access_token=} on GET (Server-Sent Events from a browser cannot set headers). The grant becomes
 * the call's {@link RequestGrant}; resources check scopes and prefixes against it.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerFilter implements ContainerRequestFilter {

  @Inject Credentials credentials;
  @Inject RequestGrant current;

  @Override
  public void filter(ContainerRequestContext request) {
    if (HttpMethod.OPTIONS.equals(request.getMethod())) {
      return; // CORS preflights carry no credential
    }
    Grant grant = credentials.authenticate(bearer(request));
    current.authenticated(grant);
  }

  private static String bearer(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
    }
    if (HttpMethod.GET.equals(request.getMethod())) {
      return request.getUriInfo().getQueryParameters().getFirst("access_token");
    }
    return null;
  }
}
