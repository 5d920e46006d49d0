package com.voxell.lux.documents.boundary;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.documents.control.BatchWriter;
import com.voxell.lux.documents.control.Bodies;
import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.documents.entity.ItemResult;
import com.voxell.lux.problems.boundary.ProblemResponses;
import com.voxell.lux.problems.entity.Problem;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.util.List;

/**
 * {@code POST /api/lux/batch}: many writes in one call, each applied on its own and in order, one
 * result per write. One HTTP round trip carries up to {@code lux.batch.max-writes} state changes.
 */
@Path("lux/batch")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

  @Inject BatchWriter batches;
  @Context SecurityContext security;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response write(InputStream body) {
    Grant grant = (Grant) security.getUserPrincipal();
    byte[] bytes = Bodies.read(body, batches.limits().maxBytes());
    List<ItemResult> results = batches.write(bytes, grant);
    JsonArrayBuilder answers = DocumentJson.BUILDERS.createArrayBuilder();
    for (ItemResult result : results) {
      answers.add(answer(result));
    }
    JsonObject answer = DocumentJson.BUILDERS.createObjectBuilder().add("results", answers).build();
    return Response.ok(DocumentJson.text(answer)).build();
  }

  private static JsonObjectBuilder answer(ItemResult result) {
    JsonObjectBuilder answer = DocumentJson.BUILDERS.createObjectBuilder();
    if (result.id() == null) {
      answer.addNull("id");
    } else {
      answer.add("id", result.id());
    }
    answer.add("status", result.status());
    if (result.document() != null) {
      answer.add("version", result.document().version()).add("epoch", result.document().epoch());
    }
    Problem problem = result.problem();
    if (problem != null) {
      answer.add("problem", ProblemResponses.body(problem.kind(), problem.detail()));
      if (problem.retryAfterSeconds() > 0) {
        answer.add("retryAfter", problem.retryAfterSeconds());
      }
    }
    return answer;
  }
}
