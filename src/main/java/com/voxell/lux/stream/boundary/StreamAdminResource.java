package com.voxell.lux.stream.boundary;

import com.voxell.lux.access.boundary.RequestGrant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.stream.control.StreamCounters;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import com.voxell.lux.wire.JsonText;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/lux/admin/stream}: the registry's counts, for operators (admin scope). */
@Path("lux/admin")
@Produces(MediaType.APPLICATION_JSON)
public class StreamAdminResource {

  @Inject SubscriptionRegistry registry;
  @Inject RequestGrant current;

  @GET
  @Path("stream")
  public JsonObject stream() {
    current.grant().requireScope(Scope.ADMIN);
    StreamCounters counters = registry.counters();
    Runtime runtime = Runtime.getRuntime();
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("connections", counters.connections())
        .add("subscriptions", registry.subscriptions())
        .add("registrations", counters.registrations())
        .add("pending", registry.pending())
        .add("queued", counters.queued())
        .add("sent", counters.sent())
        .add("sends", counters.sends())
        .add("fannedOut", counters.fannedOut())
        .add("conflated", registry.conflated())
        .add("closedSlow", counters.closedSlow())
        .add("caughtUp", counters.caughtUp())
        .add("reissued", counters.reissued())
        .add("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory())
        .build();
  }
}
