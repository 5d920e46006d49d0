package com.voxell.lux.operations.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code META-INF/openapi.yaml} (served at /openapi) in step with the JAX-RS resources: every
 * route is documented, every documented route exists, and every operation names its answers.
 */
class OpenApiDocumentTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

  @Test
  void documentsExactlyTheRoutesTheResourcesServe() {
    assertThat(documentedRoutes(false)).isEqualTo(servedRoutes());
  }

  @Test
  void documentsExactlyTheWebSocketEndpoints() {
    Set<String> endpoints = new TreeSet<>();
    for (Class<?> type : classes()) {
      ServerEndpoint endpoint = type.getAnnotation(ServerEndpoint.class);
      if (endpoint != null) {
        endpoints.add("get " + endpoint.value());
      }
    }
    assertThat(documentedRoutes(true)).isEqualTo(endpoints);
  }

  @Test
  void everyOperationNamesItsSuccessAndItsRefusals() {
    paths()
        .forEach(
            (path, item) ->
                operations(item)
                    .forEach(
                        (method, operation) -> {
                          Map<String, Object> responses = map(operation.get("responses"));
                          String route = method + " " + path;
                          if (Boolean.TRUE.equals(map(item).get("x-websocket"))) {
                            assertThat(responses.keySet()).as(route).contains("101", "401");
                            return;
                          }
                          assertThat(responses.keySet())
                              .as(route)
                              .anyMatch(status -> status.startsWith("2"))
                              .contains("401", "500");
                          if (!"get".equals(method) || path.contains("{")) {
                            assertThat(responses.keySet()).as(route).contains("400", "403");
                          }
                        }));
  }

  @Test
  void thePutExampleIsTheSeedsJobState() {
    Map<String, Object> put = map(map(paths().get("/api/lux/{id}")).get("put"));
    Map<String, Object> json =
        map(map(map(put.get("requestBody")).get("content")).get("application/json"));
    Map<String, Object> seed = map(map(map(json.get("examples")).get("seed")).get("value"));
    assertThat(seed.get("data"))
        .isEqualTo(Map.of("job", "invoice-reconcile", "step", "validating", "progress", 67));
  }

  private static java.util.List<Class<?>> classes() {
    return new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.voxell.lux")
            .stream()
            .map(JavaClass::reflect)
            .toList();
  }

  private static Set<String> servedRoutes() {
    java.util.List<Class<?>> classes = classes();
    String application =
        classes.stream()
            .filter(type -> type.isAnnotationPresent(ApplicationPath.class))
            .map(type -> "/" + trim(type.getAnnotation(ApplicationPath.class).value()))
            .findFirst()
            .orElseThrow();
    Set<String> routes = new TreeSet<>();
    for (Class<?> resource : classes) {
      Path root = resource.getAnnotation(Path.class);
      if (root == null) {
        continue;
      }
      for (Method method : resource.getMethods()) {
        String verb = httpMethod(method);
        if (verb == null) {
          continue;
        }
        Path sub = method.getAnnotation(Path.class);
        String path = application + "/" + trim(root.value());
        if (sub != null && !trim(sub.value()).isEmpty()) {
          path += "/" + trim(sub.value());
        }
        routes.add(verb.toLowerCase() + " " + path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}"));
      }
    }
    return routes;
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  private static String trim(String path) {
    return path.replaceAll("^/+|/+$", "");
  }

  /** Documented routes: the HTTP ones, or those marked {@code x-websocket: true}. */
  private static Set<String> documentedRoutes(boolean webSocket) {
    Set<String> routes = new TreeSet<>();
    paths()
        .forEach(
            (path, item) -> {
              if (Boolean.TRUE.equals(map(item).get("x-websocket")) == webSocket) {
                operations(item).keySet().forEach(m -> routes.add(m + " " + path));
              }
            });
    return routes;
  }

  private static Map<String, Map<String, Object>> operations(Object item) {
    Map<String, Map<String, Object>> operations = new java.util.TreeMap<>();
    map(item)
        .forEach(
            (key, value) -> {
              if (METHODS.contains(key)) {
                operations.put(key, map(value));
              }
            });
    return operations;
  }

  private static Map<String, Object> paths() {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
      assertThat(in).as("META-INF/openapi.yaml").isNotNull();
      Map<String, Object> document = new Yaml().load(in);
      return map(document.get("paths"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
