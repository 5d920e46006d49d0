package com.voxell.lux.problems.boundary;

import com.voxell.lux.problems.entity.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Lux's own refusals. */
@Provider
public class ProblemMapper implements ExceptionMapper<Problem> {

  @Override
  public Response toResponse(Problem problem) {
    return ProblemResponses.of(problem);
  }
}
