package com.voxell.lux.insight.boundary;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.entity.DocumentPrefix;
import com.voxell.lux.insight.control.RollupJson;
import com.voxell.lux.insight.control.RollupTally;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** {@code GET /api/lux/rollup?prefix=P}: the fleet under a prefix, counted. */
@Path("lux/rollup")
@Produces(MediaType.APPLICATION_JSON)
public class RollupResource {

  private static final CacheControl NO_CACHE = CacheControl.valueOf("no-cache");

  @Inject DocumentStore store;
  @Context SecurityContext security;

  @GET
  public Response rollup(@QueryParam("prefix") String prefix) {
    String from = DocumentPrefix.orAll(prefix).value();
    ((Grant) security.getUserPrincipal()).requirePrefix(Scope.READ, from);
    return Response.ok(DocumentJson.text(RollupJson.json(RollupTally.of(store, from))))
        .cacheControl(NO_CACHE)
        .build();
  }
}
