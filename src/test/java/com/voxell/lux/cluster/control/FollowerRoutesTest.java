package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FollowerRoutesTest {

  private final FollowerRoutes routes = new FollowerRoutes();

  private static FollowerRoutes.Route route(String member, long version, String... ids) {
    return new FollowerRoutes.Route(
        member, version, new FollowedKeys.View(Set.of(ids), Set.of("jobs/"), false));
  }

  private List<String> followersOf(String id) {
    List<String> nodes = new ArrayList<>();
    routes.forEachFollower(id, nodes::add);
    return nodes;
  }

  @Test
  void aChangeGoesToTheNodesWhoseViewCoversIt() {
    routes.put("n1", route("m1", 1, "a"));
    routes.put("n2", route("m2", 1, "b"));

    assertThat(followersOf("a")).containsExactly("n1");
    assertThat(followersOf("jobs/7")).containsExactlyInAnyOrder("n1", "n2");
    assertThat(followersOf("c")).isEmpty();
    assertThat(routes.followed("b")).isTrue();
    assertThat(routes.followed("c")).isFalse();
  }

  @Test
  void aNodesLaterViewWinsWhicheverArrivesFirst() {
    routes.put("n1", route("m1", 2, "b"));
    routes.put("n1", route("m1", 1, "a"));
    assertThat(followersOf("a")).isEmpty();
    assertThat(followersOf("b")).containsExactly("n1");
  }

  @Test
  void aMemberThatLeftTakesItsNodesRoutesWithIt() {
    routes.put("n1", route("m1", 1, "a"));
    routes.put("n2", route("m2", 1, "a"));

    assertThat(routes.removeMember("m1")).containsExactly("n1");
    assertThat(followersOf("a")).containsExactly("n2");
  }

  @Test
  void keepingOnlyOneNodeForgetsTheOthers() {
    routes.put("self", route("m1", 1, "a"));
    routes.put("n2", route("m2", 1, "a"));
    routes.keepOnly("self");
    assertThat(followersOf("a")).containsExactly("self");
  }

  @Test
  void aRouteCrossesTheGridAsTextAndComesBackTheSame() {
    FollowerRoutes.Route route =
        new FollowerRoutes.Route(
            "m1", 7, new FollowedKeys.View(Set.of("a", "b\"c"), Set.of("jobs/", ""), false));
    assertThat(FollowerRoutes.route(FollowerRoutes.text(route))).isEqualTo(route);
    FollowerRoutes.Route everything =
        new FollowerRoutes.Route("m2", 1, new FollowedKeys.View(Set.of(), Set.of(), true));
    assertThat(FollowerRoutes.route(FollowerRoutes.text(everything))).isEqualTo(everything);
  }
}
