package com.voxell.lux.access.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.MintedToken;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.access.entity.TokenRequest;
import com.voxell.lux.access.entity.TokenSettings;
import com.voxell.lux.problems.entity.Problem;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Mints and verifies Lux's own tokens: HS256-signed JWTs (Nimbus JOSE+JWT does the cryptography)
 * that carry a {@link Grant} no larger than the key that minted them.
 *
 * <p>The invariants live here, where they are enforced: a token never holds a scope, an id, a
 * prefix or a write rate its key lacks ({@link TokenScope}); verification accepts HS256 only (so
 * {@code alg: none} and algorithm swaps fail), checks {@code exp} exactly with no leeway, and
 * checks the key again on every use, so removing or narrowing a key also revokes or narrows its
 * tokens.
 */
public final class TokenAuthority {

  public static final String ISSUER = "lux";
  public static final String AUDIENCE = "lux-api";
  static final String KEY_CLAIM = "lux_key";
  static final String SCOPE_CLAIM = "scope";
  static final String IDS_CLAIM = "lux_ids";
  static final String PREFIXES_CLAIM = "lux_prefixes";
  static final String RATE_CLAIM = "lux_wps";
  private static final JWSAlgorithm ALGORITHM = JWSAlgorithm.HS256;
  private static final int MAX_TOKEN_CHARS = 16_384;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TokenSettings settings;
  private final KeyRing keys;
  private final Clock clock;
  private final JWSSigner signer;
  private final JWSVerifier verifier;

  public TokenAuthority(TokenSettings settings, KeyRing keys, Clock clock) {
    this.settings = settings;
    this.keys = keys;
    this.clock = clock;
    try {
      this.signer = new MACSigner(settings.secret());
      this.verifier = new MACVerifier(settings.secret());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("lux.token.secret cannot sign HS256 tokens", e);
    }
  }

  /** Whether a presented credential has the shape of a JWT (three dot-separated parts). */
  public static boolean looksLikeToken(String credential) {
    int first = credential.indexOf('.');
    return first > 0 && credential.indexOf('.', first + 1) > first;
  }

  /** Signs a token for what {@code minter} asked; 400 for a malformed, 403 for a too-wide ask. */
  public MintedToken mint(Grant minter, TokenRequest request) {
    if (minter.expiresAt() != null) {
      throw Problem.forbidden("A token cannot mint tokens; use a key with the 'token' scope.");
    }
    minter.requireScope(Scope.TOKEN);
    long ttl = ttlSeconds(request.ttlSeconds());
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    Instant expiresAt = now.plusSeconds(ttl);
    Grant grant = TokenScope.narrow(minter, request, "token:" + minter.subject(), expiresAt);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(grant.subject())
            .jwtID(randomId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expiresAt))
            .claim(KEY_CLAIM, minter.subject())
            .claim(SCOPE_CLAIM, TokenScope.scopeText(grant.scopes()));
    if (grant.allDocuments()) {
      claims.claim(PREFIXES_CLAIM, List.of(""));
    } else {
      claims
          .claim(PREFIXES_CLAIM, grant.prefixes())
          .claim(IDS_CLAIM, TokenScope.sorted(grant.ids()));
    }
    if (grant.writesPerSecond() > 0) {
      claims.claim(RATE_CLAIM, grant.writesPerSecond());
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(ALGORITHM).type(JOSEObjectType.JWT).build(), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing failed", e);
    }
    return new MintedToken(jwt.serialize(), grant);
  }

  /**
   * The grant of a token Lux signed, or a 401 problem: unparsable, another algorithm, a bad
   * signature, the wrong issuer or audience, expired ({@code now >= exp}), or its key gone or
   * narrowed. The problem's detail never repeats the token.
   */
  public Grant verify(String token) {
    SignedJWT jwt = parse(token);
    if (!ALGORITHM.equals(jwt.getHeader().getAlgorithm())) {
      throw unrecognized();
    }
    JWTClaimsSet claims;
    try {
      if (!jwt.verify(verifier)) {
        throw unrecognized();
      }
      claims = jwt.getJWTClaimsSet();
    } catch (JOSEException | ParseException e) {
      throw unrecognized();
    }
    if (!ISSUER.equals(claims.getIssuer()) || !claims.getAudience().contains(AUDIENCE)) {
      throw unrecognized();
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw unrecognized();
    }
    if (!clock.instant().isBefore(exp.toInstant())) {
      throw new Problem(Problem.Kind.UNAUTHORIZED, "The token has expired; get a new one.");
    }
    Grant grant = grantOf(claims, exp.toInstant());
    Grant key = keys.grantOf(stringClaim(claims, KEY_CLAIM));
    if (key == null || TokenScope.excess(key, grant) != null) {
      throw new Problem(
          Problem.Kind.UNAUTHORIZED, "The key that minted this token no longer grants it.");
    }
    return grant;
  }

  private long ttlSeconds(Long requested) {
    long max = settings.maxTtl().toSeconds();
    if (requested == null) {
      return settings.defaultTtl().toSeconds();
    }
    if (requested < 1 || requested > max) {
      throw Problem.invalid("'ttl' must be a whole number of seconds from 1 to " + max + ".");
    }
    return requested;
  }

  private static SignedJWT parse(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw unrecognized();
    }
    try {
      return SignedJWT.parse(token);
    } catch (ParseException | RuntimeException e) {
      throw unrecognized();
    }
  }

  private static Grant grantOf(JWTClaimsSet claims, Instant expiresAt) {
    try {
      Set<Scope> scopes = Scope.parseList(stringClaim(claims, SCOPE_CLAIM).replace(' ', ','));
      List<String> prefixes = listClaim(claims, PREFIXES_CLAIM);
      List<String> ids = listClaim(claims, IDS_CLAIM);
      Double rate = claims.getDoubleClaim(RATE_CLAIM);
      boolean all = prefixes.contains("");
      return new Grant(
          claims.getSubject(),
          scopes,
          all,
          all ? List.of() : prefixes,
          all ? Set.of() : Set.copyOf(ids),
          rate == null ? 0 : rate,
          expiresAt);
    } catch (ParseException | IllegalArgumentException | NullPointerException e) {
      throw unrecognized();
    }
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    try {
      String value = claims.getStringClaim(name);
      if (value == null) {
        throw unrecognized();
      }
      return value;
    } catch (ParseException e) {
      throw unrecognized();
    }
  }

  private static List<String> listClaim(JWTClaimsSet claims, String name) throws ParseException {
    List<String> values = claims.getStringListClaim(name);
    return values == null ? List.of() : values;
  }

  private static Problem unrecognized() {
    return new Problem(Problem.Kind.UNAUTHORIZED, "The credential is not recognized.");
  }

  private static String randomId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
