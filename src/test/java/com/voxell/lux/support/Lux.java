package com.voxell.lux.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small HTTP client for the Lux API of the test server, on 127.0.0.1 and the port it bound, as
 * {@link PayaraMicroHandover} records it (Arquillian's own URL names the machine's outside
 * address).
 */
public final class Lux {

  public static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Lux() {}

  public static int port() {
    return Integer.parseInt(System.getProperty("lux.test.port", "8080"));
  }

  public static URI base() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public static URI api(String path) {
    return base().resolve("/api/lux" + path);
  }

  public static HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return request;
  }

  public static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code /health/ready} at {@code ready}: "status body" (no spaces), or "no answer" in 5 s. */
  public static String readiness(URI ready) {
    try {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(ready)
                  .version(HttpClient.Version.HTTP_1_1)
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() + " " + answer.body().replace(" ", "");
    } catch (IOException e) {
      return "no answer";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no answer";
    }
  }

  public static HttpResponse<String> put(String id, String body, String key) {
    return send(
        request("/" + id, key)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  public static HttpResponse<String> patch(String id, String body, String key) {
    return send(
        request("/" + id, key)
            .header("Content-Type", "application/merge-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  public static HttpResponse<String> get(String id, String key) {
    return send(request("/" + id, key).GET());
  }

  public static HttpResponse<String> delete(String id, String key) {
    return send(request("/" + id, key).DELETE());
  }

  public static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  public static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** Any JSON value: a stream frame is an object, or an array of them when batched. */
  public static jakarta.json.JsonValue jsonValue(String text) {
    return Json.createReader(new StringReader(text)).readValue();
  }
}
