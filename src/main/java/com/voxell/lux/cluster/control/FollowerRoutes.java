package com.voxell.lux.cluster.control;

import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Which nodes follow which documents, as this member last heard each node publish it: the member
 * that owns a document sends each of its changes to the nodes whose view covers it, and to no
 * other. Read on the grid's threads for every change this member owns, so a lookup walks the few
 * nodes of a cluster and allocates nothing.
 */
public final class FollowerRoutes {

  /**
   * One node's published view, with the grid member it ran as when it published (a member that
   * leaves takes its nodes' routes with it) and the version it gave it (a node's later view wins).
   */
  public record Route(String member, long version, FollowedKeys.View view) {}

  private final Map<String, Route> routes = new ConcurrentHashMap<>();

  /** Keeps {@code route} for {@code node}, unless a later one of the node's is kept already. */
  public void put(String node, Route route) {
    routes.merge(node, route, (kept, heard) -> heard.version() >= kept.version() ? heard : kept);
  }

  public void remove(String node) {
    routes.remove(node);
  }

  /** Forgets every route but {@code kept} (before they are read again from the grid). */
  public void keepOnly(String kept) {
    routes.keySet().removeIf(node -> !node.equals(kept));
  }

  /** Forgets the routes of the nodes that ran as {@code member}; returns those nodes. */
  public List<String> removeMember(String member) {
    List<String> removed = new ArrayList<>();
    routes.forEach(
        (node, route) -> {
          if (route.member().equals(member) && routes.remove(node, route)) {
            removed.add(node);
          }
        });
    return removed;
  }

  /** Whether some node follows {@code id}. */
  public boolean followed(String id) {
    for (Route route : routes.values()) {
      if (route.view().covers(id)) {
        return true;
      }
    }
    return false;
  }

  /** Hands each node that follows {@code id} to {@code node}. */
  public void forEachFollower(String id, Consumer<String> node) {
    routes.forEach(
        (name, route) -> {
          if (route.view().covers(id)) {
            node.accept(name);
          }
        });
  }

  /** The text a route takes in the grid. */
  public static String text(Route route) {
    FollowedKeys.View view = route.view();
    return JsonText.text(
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("member", route.member())
            .add("version", route.version())
            .add("everything", view.everything())
            .add("ids", array(view.ids()))
            .add("prefixes", array(view.prefixes()))
            .build());
  }

  public static Route route(String text) {
    JsonObject json;
    try (var reader = JsonText.PROVIDER.createReader(new StringReader(text))) {
      json = reader.readObject();
    }
    return new Route(
        json.getString("member"),
        json.getJsonNumber("version").longValue(),
        new FollowedKeys.View(
            strings(json, "ids"), strings(json, "prefixes"), json.getBoolean("everything")));
  }

  private static JsonArrayBuilder array(Set<String> values) {
    JsonArrayBuilder array = JsonText.BUILDERS.createArrayBuilder();
    values.forEach(array::add);
    return array;
  }

  private static Set<String> strings(JsonObject json, String name) {
    return json.getJsonArray(name).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .collect(Collectors.toUnmodifiableSet());
  }
}
