package com.voxell.lux.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP calls: one request, the credential in {@code Authorization}, a refused token replaced
 * once, and every refusal turned into a {@link LuxException} from its problem+json.
 */
final class Http {

  static final String JSON = "application/json";
  static final String MERGE_PATCH = "application/merge-patch+json";

  private final HttpClient client;
  private final URI endpoint;
  private final Credentials credentials;
  private final Duration timeout;

  Http(HttpClient client, URI endpoint, Credentials credentials, Duration timeout) {
    this.client = client;
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.timeout = timeout;
  }

  static String path(String id) {
    return "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /**
   * Sends one call; the answer's JSON object, or {@code null} for an empty answer (204).
   *
   * @param id the document concerned, named in a refusal
   */
  JsonObject send(
      String method, String path, String contentType, String body, String ifMatch, String id) {
    for (int attempt = 0; ; attempt++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(endpoint + path))
              .timeout(timeout)
              .header("Accept", JSON)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      String secret = credentials.current(attempt > 0);
      if (secret != null) {
        request.header("Authorization", "Bearer " + secret);
      }
      if (body != null) {
        request.header("Content-Type", contentType);
      }
      if (ifMatch != null) {
        request.header("If-Match", ifMatch);
      }
      HttpResponse<String> response = exchange(request.build(), method + " " + path);
      if (response.statusCode() == 401 && credentials.refreshable() && attempt == 0) {
        continue;
      }
      if (response.statusCode() >= 200 && response.statusCode() < 300) {
        String text = response.body();
        return text == null || text.isEmpty() ? null : JsonText.parse(text).asJsonObject();
      }
      throw problem(response, id);
    }
  }

  private HttpResponse<String> exchange(HttpRequest request, String what) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw LuxException.unreachable(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LuxException.unreachable(what, e);
    }
  }

  /** The refusal as its problem+json says it; a body that is not one still gives the status. */
  static LuxException problem(HttpResponse<String> response, String id) {
    JsonObject problem = JsonValue.EMPTY_JSON_OBJECT;
    try {
      JsonValue body = JsonText.parse(response.body());
      if (body.getValueType() == JsonValue.ValueType.OBJECT) {
        problem = body.asJsonObject();
      }
    } catch (RuntimeException e) {
      // not JSON (a proxy's page): the status alone tells
    }
    Duration retryAfter =
        response.headers().firstValue("Retry-After").map(Http::retryAfter).orElse(null);
    return fromProblem(problem, response.statusCode(), retryAfter, id);
  }

  static LuxException fromProblem(JsonObject problem, int status, Duration retryAfter, String id) {
    return new LuxException(
        (int) JsonText.number(problem, "status", status),
        JsonText.string(problem, "type"),
        JsonText.string(problem, "title"),
        JsonText.string(problem, "detail"),
        retryAfter,
        id);
  }

  private static Duration retryAfter(String seconds) {
    try {
      return Duration.ofSeconds(Long.parseLong(seconds.trim()));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: Lux never sends one
    }
  }
}
