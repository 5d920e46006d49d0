package com.voxell.lux.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Tokens for tests: minted by the server, or made here as an attacker would (expired, signed with
 * another secret, {@code alg: none}). Every token a test holds is recorded in {@code
 * target/test-tokens.txt}, so the log audit can prove none reached a server log.
 */
public final class TestTokens {

  public static final String RECORD_FILE = "test-tokens.txt";

  private TestTokens() {}

  /** Mints a token through {@code POST /api/lux/tokens} with {@code key}; fails unless 201. */
  public static String mint(String key, String body) {
    var response =
        Lux.send(
            Lux.request("/tokens", key)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "minting failed: " + response.statusCode() + " " + response.body());
    }
    return record(Lux.json(response).getString("token"));
  }

  /** Lux's claims for a read and write token over {@code prefix}, minted by {@code keyName}. */
  public static JWTClaimsSet.Builder claims(String keyName, String prefix, Instant expiresAt) {
    return new JWTClaimsSet.Builder()
        .issuer("lux")
        .audience("lux-api")
        .subject("token:" + keyName)
        .issueTime(Date.from(expiresAt.minusSeconds(600)))
        .expirationTime(Date.from(expiresAt))
        .claim("lux_key", keyName)
        .claim("scope", "read write")
        .claim("lux_prefixes", List.of(prefix));
  }

  /** Signs claims with HS256 and the given secret (the server's, or a forger's). */
  public static String signed(JWTClaimsSet claims, String secret) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return record(jwt.serialize());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims unsigned, {@code alg: none}. */
  public static String unsigned(JWTClaimsSet claims) {
    return record(new PlainJWT(new PlainHeader(), claims).serialize());
  }

  public static synchronized String record(String token) {
    Path file = Path.of(System.getProperty("lux.target", "target"), RECORD_FILE);
    try {
      Files.writeString(
          file,
          token + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return token;
  }
}
