package com.voxell.lux.problems.boundary;

import com.voxell.lux.problems.entity.Problem;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;

/** Builds {@code application/problem+json} answers (RFC 9457): type, title, status, detail. */
public final class ProblemResponses {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

  private ProblemResponses() {}

  public static JsonObject body(Problem.Kind kind, String detail) {
    return JSON.createObjectBuilder()
        .add("type", kind.type())
        .add("title", kind.title)
        .add("status", kind.status)
        .add("detail", detail)
        .build();
  }

  /**
   * Writes the problem as the body of a servlet's answer (filters and servlets outside JAX-RS); the
   * caller has set the status and any headers.
   */
  public static void write(HttpServletResponse response, Problem.Kind kind, String detail)
      throws IOException {
    response.setContentType(MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(body(kind, detail).toString());
  }

  /**
   * Answers a servlet's request with {@code 503} problem+json and {@code Retry-After}: the node
   * cannot serve it now (starting, stopping, cut off from its cluster), another node or a later try
   * will.
   */
  public static void unavailable(HttpServletResponse response, int retryAfterSeconds, String detail)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
    write(response, Problem.Kind.UNAVAILABLE, detail);
  }

  public static Response of(Problem problem) {
    Response.ResponseBuilder response = of(problem.kind(), problem.detail());
    if (problem.retryAfterSeconds() > 0) {
      response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds());
    }
    return response.build();
  }

  public static Response.ResponseBuilder of(Problem.Kind kind, String detail) {
    Response.ResponseBuilder response =
        Response.status(kind.status).type(MEDIA_TYPE).entity(body(kind, detail).toString());
    if (kind == Problem.Kind.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lux\"");
    }
    if (kind == Problem.Kind.TOO_LARGE) {
      response.header("Connection", "close"); // the rest of a huge body is not worth reading
    }
    return response;
  }
}
