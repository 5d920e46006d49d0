package com.voxell.lux.access.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.problems.entity.Problem;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderTokensTest {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final RSAKey KEY = generate();
  static final RSAKey OTHER = generate();

  final TokenAuthorityTest.MovableClock clock = new TokenAuthorityTest.MovableClock(NOW);
  final ProviderTokens provider =
      new ProviderTokens(pem(KEY), "https://idp.example.com", List.of("lux"), clock);

  static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(RSAKey key) {
    try {
      return "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder().encodeToString(key.toRSAPublicKey().getEncoded())
          + "\n-----END PUBLIC KEY-----";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer("https://idp.example.com")
        .audience("lux")
        .subject("alice")
        .expirationTime(Date.from(NOW.plusSeconds(300)))
        .claim("scope", "openid read")
        .claim("lux_prefixes", List.of("workflow-"));
  }

  static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void providerTokenGrantsItsPrefixesAndScopes() throws Exception {
    String token = rs256(KEY, claims().build());
    assertThat(provider.names(token)).isTrue();
    Grant grant = provider.verify(token);
    assertThat(grant.subject()).isEqualTo("idp:alice");
    assertThat(grant.scopes()).containsExactly(Scope.READ);
    assertThat(grant.reaches("workflow-1")).isTrue();
    assertThat(grant.reaches("other-1")).isFalse();
    assertThat(grant.expiresAt()).isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  void acceptsAJwkSetToo() throws Exception {
    ProviderTokens fromJwks =
        new ProviderTokens(
            "{\"keys\":[" + KEY.toPublicJWK().toJSONString() + "]}",
            "https://idp.example.com",
            List.of(),
            clock);
    assertThat(fromJwks.verify(rs256(KEY, claims().build())).reaches("workflow-9")).isTrue();
  }

  @Test
  void refusesOtherKeysAlgorithmsIssuersAudiencesAndExpiry() throws Exception {
    assertRefused(rs256(OTHER, claims().build()));
    assertRefused(rs256(KEY, claims().issuer("https://evil.example.com").build()));
    assertRefused(rs256(KEY, claims().audience("other").build()));
    assertRefused(rs256(KEY, claims().claim("lux_prefixes", null).build()));
    assertRefused(rs256(KEY, claims().claim("scope", "admin token").build()));
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    hmac.sign(new MACSigner(KEY.toRSAPublicKey().getEncoded()));
    assertRefused(hmac.serialize());
    String token = rs256(KEY, claims().build());
    clock.now = NOW.plusSeconds(300);
    assertThatThrownBy(() -> provider.verify(token)).hasMessageContaining("expired");
  }

  private void assertRefused(String token) {
    assertThatThrownBy(() -> provider.verify(token))
        .isInstanceOf(Problem.class)
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(401);
  }
}
