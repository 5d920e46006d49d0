package com.voxell.lux.access.control;

import com.voxell.lux.access.entity.OriginPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CORS answer for one request, from the origin allow-list: listed origins get the headers a
 * browser needs to call the API (bearer credentials, JSON bodies, preconditions) and to read its
 * answers (ETag, Retry-After); any other origin gets no CORS header at all. Lux uses no cookies, so
 * it never allows credentials: a page can only send a key or token it was given.
 */
public final class CrossOrigin {

  public static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
  public static final String ALLOW_HEADERS =
      "Authorization, Content-Type, If-Match, If-None-Match, Last-Event-ID";
  public static final String EXPOSE_HEADERS = "ETag, Retry-After, Location, WWW-Authenticate";
  public static final String MAX_AGE_SECONDS = "600";

  private final OriginPolicy policy;

  public CrossOrigin(OriginPolicy policy) {
    this.policy = policy;
  }

  /**
   * What to do with a request.
   *
   * @param headers CORS headers to set (empty for not-listed origins and non-CORS requests)
   * @param status 0 to pass the request on; otherwise answer a preflight with this status at once
   */
  public record Answer(Map<String, String> headers, int status) {
    public Answer {
      headers = Map.copyOf(headers);
    }

    public boolean passOn() {
      return status == 0;
    }
  }

  /**
   * @param method the request's method
   * @param origin its {@code Origin} header, or null
   * @param requestedMethod its {@code Access-Control-Request-Method} header, or null
   */
  public Answer answer(String method, String origin, String requestedMethod) {
    boolean preflight = "OPTIONS".equals(method) && origin != null && requestedMethod != null;
    if (origin == null || !policy.lists(origin)) {
      // not a CORS request, or an origin not listed: a refused preflight gets no CORS header
      return new Answer(Map.of(), preflight ? 403 : 0);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", origin.trim());
    headers.put("Vary", "Origin");
    if (preflight) {
      headers.put("Access-Control-Allow-Methods", ALLOW_METHODS);
      headers.put("Access-Control-Allow-Headers", ALLOW_HEADERS);
      headers.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
      return new Answer(headers, 204);
    }
    headers.put("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    return new Answer(headers, 0);
  }
}
