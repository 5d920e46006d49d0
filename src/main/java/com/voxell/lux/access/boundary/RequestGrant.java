package com.voxell.lux.access.boundary;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.documents.entity.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The grant of the current HTTP call, as {@link BearerFilter} authenticated it. Resources inject
 * this, or the {@link Caller} it produces for documents, rather than casting the request's
 * principal; a resource runs only after the filter has refused every call without a grant.
 */
@RequestScoped
public class RequestGrant {

  private Grant grant;

  public void authenticated(Grant grant) {
    this.grant = grant;
  }

  public Grant grant() {
    return grant;
  }

  @Produces
  @RequestScoped
  Caller caller() {
    return grant;
  }
}
