package com.voxell.lux.access.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.access.entity.ApiKey;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private final ApiKey agents =
      new ApiKey(
          "agents",
          KeyRing.sha256("agents-secret"),
          EnumSet.of(Scope.WRITE, Scope.READ),
          List.of("workflow-"),
          5);
  private final ApiKey portal =
      new ApiKey(
          "portal",
          KeyRing.parseSha256("portal", HexFormat.of().formatHex(KeyRing.sha256("portal-secret"))),
          EnumSet.of(Scope.READ),
          List.of(),
          0);
  private final KeyRing ring = new KeyRing(List.of(agents, portal));

  @Test
  void findsTheKeyWhoseSecretIsPresented() {
    Grant grant = ring.authenticate("agents-secret");
    assertThat(grant.subject()).isEqualTo("agents");
    assertThat(grant.writesPerSecond()).isEqualTo(5);
    assertThat(ring.authenticate("portal-secret").subject()).isEqualTo("portal");
  }

  @Test
  void unknownSecretsFindNothing() {
    assertThat(ring.authenticate("agents-secret ")).isNull();
    assertThat(ring.authenticate("")).isNull();
  }

  @Test
  void keysReachOnlyTheirPrefixes() {
    Grant grant = ring.authenticate("agents-secret");
    assertThat(grant.reaches("workflow-1")).isTrue();
    assertThat(grant.reaches("other-1")).isFalse();
    assertThat(grant.reachesPrefix("workflow-invoice-")).isTrue();
    assertThat(grant.reachesPrefix("work")).isFalse();
    assertThat(grant.reachesPrefix("")).isFalse();
    assertThat(ring.authenticate("portal-secret").reachesPrefix("")).isTrue();
  }

  @Test
  void badHashesAndDuplicateNamesAreConfigurationErrors() {
    assertThatThrownBy(() -> KeyRing.parseSha256("x", "abc"))
        .hasMessageContaining("64 hex digits")
        .hasMessageNotContaining("abc");
    assertThatThrownBy(() -> new KeyRing(List.of(agents, agents)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neitherKeyNorGrantPrintsASecret() {
    assertThat(agents.toString()).doesNotContain("agents-secret");
    assertThat(agents.toString())
        .doesNotContain(HexFormat.of().formatHex(KeyRing.sha256("agents-secret")));
    assertThat(ring.authenticate("agents-secret").toString()).doesNotContain("agents-secret");
  }
}
