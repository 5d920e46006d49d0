package com.voxell.lux.insight.boundary;

import com.voxell.lux.access.boundary.RequestGrant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.entity.DocumentPrefix;
import com.voxell.lux.insight.control.RollupJson;
import com.voxell.lux.insight.control.RollupTally;
import com.voxell.lux.wire.JsonText;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/lux/rollup?prefix=P}: the fleet under a prefix, counted. */
@Path("lux/rollup")
@Produces(MediaType.APPLICATION_JSON)
public class RollupResource {

  private static final CacheControl NO_CACHE = CacheControl.valueOf("no-cache");

  @Inject DocumentStore store;
  @Inject RequestGrant current;

  @GET
  public Response rollup(@QueryParam("prefix") String prefix) {
    String from = DocumentPrefix.orAll(prefix).value();
    current.grant().requirePrefix(Scope.READ, from);
    return Response.ok(JsonText.text(RollupJson.json(RollupTally.of(store, from))))
        .cacheControl(NO_CACHE)
        .build();
  }
}
