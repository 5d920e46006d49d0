package com.voxell.lux.problems.boundary;

import com.voxell.lux.problems.entity.Problem;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The JAX-RS runtime's own refusals (unknown path, 405, 415, 406), as problem+json. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    int status = original.getStatus();
    if (status < 400) {
      return original; // redirects and 304s are answers, not errors
    }
    Response.ResponseBuilder problem =
        ProblemResponses.of(Problem.Kind.ofStatus(status), detail(exception)).status(status);
    String allow = original.getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      problem.header(HttpHeaders.ALLOW, allow);
    }
    return problem.build();
  }

  private static String detail(WebApplicationException exception) {
    if (exception instanceof NotFoundException) {
      return "No such path in the Lux API.";
    }
    if (exception instanceof NotAllowedException e) {
      return "Method not allowed here; allowed: "
          + e.getResponse().getHeaderString(HttpHeaders.ALLOW)
          + ".";
    }
    if (exception instanceof NotSupportedException) {
      return "Unsupported Content-Type: send application/json (application/merge-patch+json for"
          + " PATCH).";
    }
    return exception.getResponse().getStatusInfo().getReasonPhrase();
  }
}
