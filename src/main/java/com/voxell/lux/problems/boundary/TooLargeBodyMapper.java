package com.voxell.lux.problems.boundary;

import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.wire.Bodies;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body past its limit: 413, as {@link Bodies} cannot say in problem terms itself. */
@Provider
public class TooLargeBodyMapper implements ExceptionMapper<Bodies.TooLarge> {

  @Override
  public Response toResponse(Bodies.TooLarge tooLarge) {
    return ProblemResponses.of(Problem.tooLarge(tooLarge.getMessage()));
  }
}
