package com.voxell.lux.access.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.voxell.lux.access.entity.ApiKey;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.MintedToken;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.access.entity.TokenRequest;
import com.voxell.lux.access.entity.TokenSettings;
import com.voxell.lux.problems.entity.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenAuthorityTest {

  static final byte[] SECRET =
      "unit-test-token-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

  final MovableClock clock = new MovableClock(START);
  final ApiKey portal =
      new ApiKey(
          "portal",
          KeyRing.sha256("portal-secret"),
          EnumSet.of(Scope.READ, Scope.WRITE, Scope.TOKEN),
          List.of("workflow-"),
          5);
  final ApiKey everything =
      new ApiKey(
          "everything", KeyRing.sha256("all-secret"), EnumSet.allOf(Scope.class), List.of(), 0);
  final KeyRing ring = new KeyRing(List.of(portal, everything));
  final TokenAuthority authority = authority(ring);

  TokenAuthority authority(KeyRing keys) {
    return new TokenAuthority(
        new TokenSettings(SECRET, Duration.ofSeconds(600), Duration.ofSeconds(3600)), keys, clock);
  }

  static TokenRequest request(
      List<String> ids, List<String> prefixes, Set<Scope> scopes, Long ttl, Double rate) {
    return new TokenRequest(ids, prefixes, scopes, ttl, rate);
  }

  @Test
  void mintedReadTokenReachesOnlyItsDocumentUntilItExpires() {
    MintedToken token =
        authority.mint(portal.grant(), TokenRequest.readIds("workflow-invoice-abc123"));
    assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(600));

    Grant grant = authority.verify(token.token());
    assertThat(grant.subject()).isEqualTo("token:portal");
    assertThat(grant.scopes()).containsExactly(Scope.READ);
    assertThat(grant.reaches("workflow-invoice-abc123")).isTrue();
    assertThat(grant.reaches("workflow-invoice-other")).isFalse();
    assertThat(grant.expiresAt()).isEqualTo(START.plusSeconds(600));
    assertThat(grant.writesPerSecond()).isEqualTo(5);
  }

  @Test
  void expiresExactlyAtExpWithNoLeeway() {
    String token = authority.mint(portal.grant(), TokenRequest.readIds("workflow-1")).token();
    clock.now = START.plusSeconds(600).minusMillis(1);
    assertThat(authority.verify(token).reaches("workflow-1")).isTrue();
    clock.now = START.plusSeconds(600);
    assertThatThrownBy(() -> authority.verify(token))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("expired")
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(401);
  }

  @Test
  void tokenWithoutIdsOrPrefixesInheritsTheKeysReach() {
    Grant grant =
        authority.verify(
            authority
                .mint(portal.grant(), request(List.of(), List.of(), Set.of(), null, null))
                .token());
    assertThat(grant.reaches("workflow-x")).isTrue();
    assertThat(grant.reaches("other-x")).isFalse();
    Grant all =
        authority.verify(
            authority
                .mint(everything.grant(), request(List.of(), List.of(), Set.of(), null, null))
                .token());
    assertThat(all.allDocuments()).isTrue();
    assertThat(all.writesPerSecond()).isZero();
  }

  @Test
  void neverExceedsTheMintingKey() {
    assertForbidden(request(List.of("other-doc"), List.of(), Set.of(), null, null));
    assertForbidden(request(List.of(), List.of("work"), Set.of(), null, null));
    assertForbidden(request(List.of(), List.of("workflow-"), Set.of(Scope.ADMIN), null, null));
    assertForbidden(request(List.of(), List.of("workflow-"), Set.of(Scope.TOKEN), null, null));
    assertForbidden(request(List.of(), List.of("workflow-"), Set.of(), null, 6.0));
    assertThat(
            authority
                .mint(
                    portal.grant(),
                    request(List.of(), List.of("workflow-a"), Set.of(Scope.WRITE), 60L, 2.0))
                .grant()
                .writesPerSecond())
        .isEqualTo(2.0);
  }

  @Test
  void readOnlyKeyCannotMintAndTokenCannotMintTokens() {
    Grant reader =
        new ApiKey("r", KeyRing.sha256("r"), EnumSet.of(Scope.READ), List.of(), 0).grant();
    assertThatThrownBy(() -> authority.mint(reader, TokenRequest.readIds("a")))
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(403);
    Grant token =
        authority.verify(authority.mint(everything.grant(), TokenRequest.readIds("a")).token());
    assertThatThrownBy(() -> authority.mint(token, TokenRequest.readIds("a")))
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(403);
  }

  @Test
  void malformedRequestsAre400() {
    assertInvalid(request(List.of("bad id"), List.of(), Set.of(), null, null));
    assertInvalid(request(List.of(), List.of(""), Set.of(), null, null));
    assertInvalid(request(List.of("workflow-1"), List.of(), Set.of(), 0L, null));
    assertInvalid(request(List.of("workflow-1"), List.of(), Set.of(), 3601L, null));
    assertInvalid(request(List.of("workflow-1"), List.of(), Set.of(), null, -1.0));
    assertInvalid(
        request(
            java.util.stream.IntStream.range(0, 101).mapToObj(i -> "workflow-" + i).toList(),
            List.of(),
            Set.of(),
            null,
            null));
  }

  @Test
  void refusesAlgNoneOtherAlgorithmsForgedSignaturesAndForeignClaims() throws Exception {
    JWTClaimsSet good = claims(START.plusSeconds(60)).build();
    assertThat(authority.verify(signed(JWSAlgorithm.HS256, SECRET, good)).reaches("workflow-1"))
        .isTrue();

    assertUnrecognized(new PlainJWT(new PlainHeader(), good).serialize());
    assertUnrecognized(noneHeaderWithSignature(signed(JWSAlgorithm.HS256, SECRET, good)));
    assertUnrecognized(signed(JWSAlgorithm.HS512, longSecret(), good));
    assertUnrecognized(signed(JWSAlgorithm.HS384, longSecret(), good));
    assertUnrecognized(
        signed(
            JWSAlgorithm.HS256,
            "another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8),
            good));
    assertUnrecognized(signed(JWSAlgorithm.HS256, SECRET, claims(START).issuer("other").build()));
    assertUnrecognized(signed(JWSAlgorithm.HS256, SECRET, claims(START).audience("other").build()));
    assertUnrecognized(
        signed(JWSAlgorithm.HS256, SECRET, claims(START).expirationTime(null).build()));
    assertUnrecognized("not.a.token");
    assertUnrecognized("a.b.c.d.e");
    assertUnrecognized("x".repeat(20_000) + ".a.b");
  }

  @Test
  void anotherHmacAlgorithmIsRefusedEvenWithTheRightSecret() throws Exception {
    TokenAuthority longKeyed =
        new TokenAuthority(
            new TokenSettings(longSecret(), Duration.ofSeconds(600), Duration.ofSeconds(3600)),
            ring,
            clock);
    JWTClaimsSet good = claims(START).build();
    assertThat(longKeyed.verify(signed(JWSAlgorithm.HS256, longSecret(), good))).isNotNull();
    assertThatThrownBy(() -> longKeyed.verify(signed(JWSAlgorithm.HS512, longSecret(), good)))
        .hasMessage("The credential is not recognized.");
  }

  @Test
  void tamperedClaimsBreakTheSignature() {
    String token = authority.mint(portal.grant(), TokenRequest.readIds("workflow-1")).token();
    String[] parts = token.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String wider = claims.replace("\"lux_ids\":[\"workflow-1\"]", "\"lux_prefixes\":[\"\"]");
    assertThat(wider).isNotEqualTo(claims);
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(wider.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertUnrecognized(forged);
  }

  @Test
  void removingOrNarrowingTheKeyRevokesItsTokens() {
    String token = authority.mint(portal.grant(), TokenRequest.readIds("workflow-1")).token();
    TokenAuthority withoutPortal = authority(new KeyRing(List.of(everything)));
    assertThatThrownBy(() -> withoutPortal.verify(token))
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(401);
    ApiKey narrowed =
        new ApiKey(
            "portal",
            KeyRing.sha256("portal-secret"),
            EnumSet.of(Scope.READ, Scope.TOKEN),
            List.of("agent-"),
            5);
    assertThatThrownBy(() -> authority(new KeyRing(List.of(narrowed))).verify(token))
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(401);
  }

  @Test
  void secretsShorterThan32BytesAreRefusedAndNeverPrinted() {
    assertThatThrownBy(
            () ->
                new TokenSettings(
                    "short".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2)))
        .hasMessageNotContaining("short");
    assertThat(new TokenSettings(SECRET, Duration.ofSeconds(1), Duration.ofSeconds(2)).toString())
        .doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
    MintedToken minted = authority.mint(portal.grant(), TokenRequest.readIds("workflow-1"));
    assertThat(minted.toString()).doesNotContain(minted.token());
  }

  @Test
  void onlyJwtShapedCredentialsAreTriedAsTokens() {
    assertThat(TokenAuthority.looksLikeToken("a.b.c")).isTrue();
    assertThat(TokenAuthority.looksLikeToken("lux_abcdef")).isFalse();
    assertThat(TokenAuthority.looksLikeToken(".b.c")).isFalse();
  }

  private void assertForbidden(TokenRequest request) {
    assertThatThrownBy(() -> authority.mint(portal.grant(), request))
        .isInstanceOf(Problem.class)
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(403);
  }

  private void assertInvalid(TokenRequest request) {
    assertThatThrownBy(() -> authority.mint(portal.grant(), request))
        .isInstanceOf(Problem.class)
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(400);
  }

  private void assertUnrecognized(String token) {
    assertThatThrownBy(() -> authority.verify(token))
        .isInstanceOf(Problem.class)
        .hasMessage("The credential is not recognized.")
        .extracting(e -> ((Problem) e).status())
        .isEqualTo(401);
  }

  static JWTClaimsSet.Builder claims(Instant exp) {
    return new JWTClaimsSet.Builder()
        .issuer(TokenAuthority.ISSUER)
        .audience(TokenAuthority.AUDIENCE)
        .subject("token:portal")
        .expirationTime(Date.from(exp.plusSeconds(60)))
        .claim(TokenAuthority.KEY_CLAIM, "portal")
        .claim(TokenAuthority.SCOPE_CLAIM, "read")
        .claim(TokenAuthority.IDS_CLAIM, List.of("workflow-1"))
        .claim(TokenAuthority.RATE_CLAIM, 5.0);
  }

  static String signed(JWSAlgorithm algorithm, byte[] secret, JWTClaimsSet claims)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  /** A genuine signature under a header rewritten to {@code alg: none}. */
  static String noneHeaderWithSignature(String token) {
    String[] parts = token.split("\\.");
    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    return none + "." + parts[1] + "." + parts[2];
  }

  static byte[] longSecret() {
    byte[] secret = new byte[64];
    System.arraycopy(SECRET, 0, secret, 0, SECRET.length);
    return secret;
  }

  static final class MovableClock extends Clock {
    Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
