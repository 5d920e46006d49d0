package com.voxell.lux.access.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A configured API key: its name, the SHA-256 hash of its secret (never the secret itself) and what
 * it grants. {@link #toString()} never shows the hash.
 */
public final class ApiKey {

  private final byte[] secretHash;
  private final Grant grant;

  public ApiKey(
      String name,
      byte[] secretHash,
      Set<Scope> scopes,
      List<String> prefixes,
      double writesPerSecond) {
    if (secretHash.length != 32) {
      throw new IllegalArgumentException("key '" + name + "': a SHA-256 hash has 32 bytes");
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("key '" + name + "' has no scopes");
    }
    this.secretHash = secretHash.clone();
    this.grant =
        new Grant(name, scopes, prefixes.isEmpty(), prefixes, Set.of(), writesPerSecond, null);
  }

  public String name() {
    return grant.subject();
  }

  public Grant grant() {
    return grant;
  }

  byte[] secretHash() {
    return secretHash;
  }

  /** Constant-time comparison of a presented secret's hash with this key's. */
  public boolean matches(byte[] presentedHash) {
    return java.security.MessageDigest.isEqual(secretHash, presentedHash);
  }

  @Override
  public String toString() {
    return "ApiKey["
        + name()
        + ", scopes="
        + grant.scopes()
        + ", prefixes="
        + grant.prefixes()
        + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKey key && Arrays.equals(secretHash, key.secretHash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(secretHash);
  }
}
