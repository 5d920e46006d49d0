package com.voxell.lux.problems.boundary;

import com.voxell.lux.problems.entity.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything else is Lux's fault: logged with its stack (never with the request body), answered as a
 * 500 problem without internals.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

  @Override
  public Response toResponse(Throwable error) {
    LOG.log(Level.SEVERE, "unexpected error: " + error.getClass().getName(), error);
    return ProblemResponses.of(Problem.Kind.INTERNAL, "Lux failed to answer; see the server log.")
        .build();
  }
}
