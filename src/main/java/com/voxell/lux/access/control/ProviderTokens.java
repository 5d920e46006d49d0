package com.voxell.lux.access.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.problems.entity.Problem;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Tokens from the enterprise's own identity provider, configured the MicroProfile JWT way ({@code
 * mp.jwt.verify.publickey} or {@code .location}, {@code mp.jwt.verify.issuer}, optionally {@code
 * mp.jwt.verify.audiences}). Signatures are RS256 or ES256 only, checked by Nimbus against the
 * configured public keys; {@code exp} is checked exactly. What the holder may do comes from the
 * claims {@code lux_prefixes} / {@code lux_ids} (required: at least one entry) and {@code scope}
 * ({@code read} and {@code write} count; {@code read} when absent).
 */
public final class ProviderTokens {

  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final String issuer;
  private final List<String> audiences;
  private final Clock clock;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /**
   * @param publicKeys a PEM public key, a base64 DER key, a JWK or a JWK set
   * @param issuer the {@code iss} every accepted token carries
   * @param audiences accepted {@code aud} values; empty to accept any
   */
  public ProviderTokens(String publicKeys, String issuer, List<String> audiences, Clock clock) {
    this.issuer = issuer;
    this.audiences = List.copyOf(audiences);
    this.clock = clock;
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(parseKeys(publicKeys))));
    processor.setJWTClaimsSetVerifier((claims, context) -> {}); // checked below, with our clock
  }

  /** Whether the (not yet verified) token names this provider as its issuer. */
  public boolean names(String token) {
    try {
      return issuer.equals(SignedJWT.parse(token).getJWTClaimsSet().getIssuer());
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  /** The grant of a valid provider token, or a 401 problem. */
  public Grant verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      throw refused("The credential is not recognized.");
    }
    Date exp = claims.getExpirationTime();
    if (!issuer.equals(claims.getIssuer()) || exp == null) {
      throw refused("The credential is not recognized.");
    }
    if (!audiences.isEmpty()
        && (claims.getAudience() == null
            || claims.getAudience().stream().noneMatch(audiences::contains))) {
      throw refused("The credential is not recognized.");
    }
    if (!clock.instant().isBefore(exp.toInstant())) {
      throw refused("The token has expired; get a new one.");
    }
    return grant(claims, exp.toInstant());
  }

  private static Grant grant(JWTClaimsSet claims, Instant expiresAt) {
    try {
      List<String> prefixes = list(claims.getStringListClaim("lux_prefixes"));
      List<String> ids = list(claims.getStringListClaim("lux_ids"));
      if (prefixes.isEmpty() && ids.isEmpty()) {
        throw refused("The token names no lux_prefixes or lux_ids.");
      }
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      String scope = claims.getStringClaim("scope");
      for (String word : scope == null ? new String[] {"read"} : scope.split(" ")) {
        if (word.equals("read") || word.equals("write")) {
          scopes.add(Scope.valueOf(word.toUpperCase(java.util.Locale.ROOT)));
        }
      }
      if (scopes.isEmpty()) {
        throw refused("The token's scope names neither read nor write.");
      }
      Double rate = claims.getDoubleClaim("lux_wps");
      boolean all = prefixes.contains("");
      String subject = claims.getSubject() == null ? "unnamed" : claims.getSubject();
      return new Grant(
          "idp:" + subject,
          scopes,
          all,
          all ? List.of() : prefixes,
          all ? Set.of() : Set.copyOf(ids),
          rate == null || rate < 0 ? 0 : rate,
          expiresAt);
    } catch (ParseException e) {
      throw refused("The credential is not recognized.");
    }
  }

  private static JWKSet parseKeys(String text) {
    String trimmed = text.trim();
    try {
      if (trimmed.startsWith("{")) {
        return trimmed.contains("\"keys\"")
            ? JWKSet.parse(trimmed)
            : new JWKSet(JWK.parse(trimmed));
      }
      return new JWKSet(publicKey(trimmed));
    } catch (ParseException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "mp.jwt.verify.publickey(.location) holds no PEM public key, JWK or JWK set", e);
    }
  }

  /** A PEM ({@code -----BEGIN PUBLIC KEY-----}) or bare base64 X.509 RSA or EC public key. */
  private static JWK publicKey(String text) throws GeneralSecurityException {
    String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
    try {
      return new RSAKey.Builder((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec))
          .build();
    } catch (InvalidKeySpecException notRsa) {
      ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
      return new ECKey.Builder(Curve.forECParameterSpec(key.getParams()), key).build();
    }
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }

  private static Problem refused(String detail) {
    return new Problem(Problem.Kind.UNAUTHORIZED, detail);
  }
}
