package com.voxell.lux.access.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.access.entity.ApiKey;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.access.entity.TokenRequest;
import com.voxell.lux.access.entity.TokenSettings;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.support.HostileBodies;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Token requests and presented tokens, however malformed, get a precise refusal and no more. */
class TokenInputPropertyTest {

  private final ApiKey portal =
      new ApiKey(
          "portal",
          KeyRing.sha256("portal-secret"),
          EnumSet.of(Scope.READ, Scope.WRITE, Scope.TOKEN),
          List.of("workflow-"),
          0);
  private final TokenAuthority authority =
      new TokenAuthority(
          new TokenSettings(
              "property-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
              Duration.ofSeconds(600),
              Duration.ofSeconds(3600)),
          new KeyRing(List.of(portal)),
          Clock.systemUTC());
  private final String token =
      authority.mint(portal.grant(), TokenRequest.readIds("workflow-1")).token();
  private final Grant granted = authority.verify(token);

  @Provide
  Arbitrary<byte[]> requestBodies() {
    Arbitrary<String> words =
        Arbitraries.of("\"read\"", "\"write\"", "\"token\"", "\"admin\"", "\"workflow-1\"", "1");
    Arbitrary<String> list =
        words.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
    Arbitrary<String> field =
        Arbitraries.of("ids", "prefixes", "scopes", "ttl", "writesPerSecond", "other")
            .flatMap(
                name ->
                    Arbitraries.oneOf(list, HostileBodies.json(2))
                        .map(value -> HostileBodies.quote(name) + ":" + value));
    return Arbitraries.oneOf(
        field
            .list()
            .ofMaxSize(4)
            .map(fields -> ("{" + String.join(",", fields) + "}").getBytes(StandardCharsets.UTF_8)),
        HostileBodies.any());
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300),
        Arbitraries.strings()
            .withCharRange('A', 'z')
            .ofMaxLength(60)
            .list()
            .ofSize(3)
            .map(parts -> String.join(".", parts)));
  }

  @Property(tries = 500)
  void mintingAcceptsOrRefusesWith400Or403(@ForAll("requestBodies") byte[] body) {
    try {
      Grant grant = authority.mint(portal.grant(), TokenRequestReader.read(body)).grant();
      assertThat(TokenScope.excess(portal.grant(), grant)).isNull();
    } catch (Problem refused) {
      assertThat(refused.status()).isIn(400, 403);
    }
  }

  @Property(tries = 500)
  void garbageCredentialsAre401(@ForAll("garbage") String credential) {
    try {
      authority.verify(credential);
      throw new AssertionError("accepted garbage");
    } catch (Problem refused) {
      assertThat(refused.status()).isEqualTo(401);
    }
  }

  @Property(tries = 500)
  void aTokenWithAnyCharacterChangedIsRefusedOrMeansTheSame(
      @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll char replacement) {
    int at = position % token.length();
    String changed = token.substring(0, at) + replacement + token.substring(at + 1);
    try {
      assertThat(authority.verify(changed)).isEqualTo(granted);
    } catch (Problem refused) {
      assertThat(refused.status()).isEqualTo(401);
    }
  }
}
