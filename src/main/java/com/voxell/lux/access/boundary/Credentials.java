package com.voxell.lux.access.boundary;

import com.voxell.lux.access.control.KeyRing;
import com.voxell.lux.access.control.ProviderTokens;
import com.voxell.lux.access.control.TokenAuthority;
import com.voxell.lux.access.entity.ApiKey;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.MintedToken;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.access.entity.TokenRequest;
import com.voxell.lux.access.entity.TokenSettings;
import com.voxell.lux.problems.entity.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Turns a presented credential, an API key or a Lux token, into a {@link Grant}, for HTTP and
 * sockets alike. Reads the keys ({@code LUX_API_KEY}, {@code lux.keys}, {@code lux.key.*}) and the
 * token settings ({@code lux.token.*}) from MicroProfile Config once. When no key is configured it
 * makes a random key and logs it once, so Lux never runs open; when no token secret is configured
 * it makes a random one, so tokens last only until a restart and are valid on this node only
 * (logged as a warning, without the secret).
 */
@ApplicationScoped
public class Credentials {

  private static final Logger LOG = Logger.getLogger(Credentials.class.getName());

  @Inject Config config;

  private KeyRing keyRing;
  private TokenAuthority tokens;
  private ProviderTokens provider; // null unless an identity provider is configured

  @PostConstruct
  void readKeys() {
    List<ApiKey> keys = new ArrayList<>();
    config
        .getOptionalValue("LUX_API_KEY", String.class)
        .filter(secret -> !secret.isBlank())
        .ifPresent(secret -> keys.add(everything("default", secret)));
    for (String name : config.getOptionalValues("lux.keys", String.class).orElse(List.of())) {
      keys.add(namedKey(name.trim()));
    }
    if (keys.isEmpty()) {
      String generated = randomSecret();
      keys.add(everything("default", generated));
      LOG.warning(
          "No credential configured (LUX_API_KEY or lux.keys): generated key 'default' for this"
              + " run only: "
              + generated);
    }
    keyRing = new KeyRing(keys);
    tokens = new TokenAuthority(tokenSettings(), keyRing, Clock.systemUTC());
    provider = providerTokens();
  }

  /** The enterprise identity provider, from the MicroProfile JWT settings, if configured. */
  private ProviderTokens providerTokens() {
    Optional<String> keys =
        config
            .getOptionalValue("mp.jwt.verify.publickey", String.class)
            .or(
                () ->
                    config
                        .getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                        .map(Credentials::readKeyFile));
    if (keys.isEmpty()) {
      return null;
    }
    String issuer =
        config
            .getOptionalValue("mp.jwt.verify.issuer", String.class)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "mp.jwt.verify.publickey is set: set mp.jwt.verify.issuer too"));
    if (issuer.equals(TokenAuthority.ISSUER)) {
      throw new IllegalArgumentException("mp.jwt.verify.issuer must not be 'lux' (Lux's own)");
    }
    List<String> audiences =
        config.getOptionalValues("mp.jwt.verify.audiences", String.class).orElse(List.of());
    LOG.info("Accepting tokens of the identity provider '" + issuer + "'");
    return new ProviderTokens(keys.get(), issuer, audiences, Clock.systemUTC());
  }

  private static String readKeyFile(String location) {
    String path = location.startsWith("file:") ? location.substring(5) : location;
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mp.jwt.verify.publickey.location", e);
    }
  }

  private TokenSettings tokenSettings() {
    byte[] secret =
        config
            .getOptionalValue("lux.token.secret", String.class)
            .filter(value -> !value.isBlank())
            .map(value -> value.getBytes(StandardCharsets.UTF_8))
            .orElseGet(
                () -> {
                  LOG.warning(
                      "No lux.token.secret configured: tokens are signed with a random secret made"
                          + " at start, so they do not survive a restart and are not accepted by"
                          + " other nodes.");
                  byte[] random = new byte[32];
                  new SecureRandom().nextBytes(random);
                  return random;
                });
    // defaults in META-INF/microprofile-config.properties
    long defaultTtl = config.getValue("lux.token.default-ttl", Long.class);
    long maxTtl = config.getValue("lux.token.max-ttl", Long.class);
    return new TokenSettings(secret, Duration.ofSeconds(defaultTtl), Duration.ofSeconds(maxTtl));
  }

  /** The grant for a bearer credential; 401 when it is missing or not recognized. */
  public Grant authenticate(String bearer) {
    if (bearer == null || bearer.isBlank()) {
      throw new Problem(
          Problem.Kind.UNAUTHORIZED,
          "Send a key or token as 'Authorization: Bearer …' (or ?access_token= on a socket).");
    }
    String credential = bearer.trim();
    Grant grant = keyRing.authenticate(credential);
    if (grant == null && TokenAuthority.looksLikeToken(credential)) {
      // a 401 problem saying why, when it is not valid
      grant =
          provider != null && provider.names(credential)
              ? provider.verify(credential)
              : tokens.verify(credential);
    }
    if (grant == null) {
      throw new Problem(Problem.Kind.UNAUTHORIZED, "The credential is not recognized.");
    }
    return grant;
  }

  /** Signs a token for what {@code minter} asks; 400 or 403 problems when it may not. */
  public MintedToken mint(Grant minter, TokenRequest request) {
    return tokens.mint(minter, request);
  }

  public List<ApiKey> keys() {
    return keyRing.keys();
  }

  private ApiKey namedKey(String name) {
    String prefix = "lux.key." + name + ".";
    Optional<String> secret = config.getOptionalValue(prefix + "secret", String.class);
    Optional<String> sha256 = config.getOptionalValue(prefix + "sha256", String.class);
    if (secret.isPresent() == sha256.isPresent()) {
      throw new IllegalArgumentException(
          "key '" + name + "' needs exactly one of " + prefix + "secret and " + prefix + "sha256");
    }
    byte[] hash =
        secret.map(KeyRing::sha256).orElseGet(() -> KeyRing.parseSha256(name, sha256.get()));
    String scopes = config.getOptionalValue(prefix + "scopes", String.class).orElse("read");
    List<String> prefixes =
        config.getOptionalValues(prefix + "prefixes", String.class).orElse(List.of()).stream()
            .map(String::trim)
            .filter(p -> !p.isEmpty())
            .toList();
    double rate = config.getOptionalValue(prefix + "writes-per-second", Double.class).orElse(0.0);
    return new ApiKey(name, hash, Scope.parseList(scopes), prefixes, rate);
  }

  private static ApiKey everything(String name, String secret) {
    return new ApiKey(name, KeyRing.sha256(secret), EnumSet.allOf(Scope.class), List.of(), 0);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "lux_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
