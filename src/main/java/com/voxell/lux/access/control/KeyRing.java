package com.voxell.lux.access.control;

import com.voxell.lux.access.entity.ApiKey;
import com.voxell.lux.access.entity.Grant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The configured API keys. A presented secret is hashed once and compared with every key in
 * constant time, so neither the answer's timing nor an early exit says which key came close.
 */
public final class KeyRing {

  private final List<ApiKey> keys;

  public KeyRing(List<ApiKey> keys) {
    this.keys = List.copyOf(keys);
    long names = keys.stream().map(ApiKey::name).distinct().count();
    if (names != keys.size()) {
      throw new IllegalArgumentException("two keys share a name");
    }
  }

  public List<ApiKey> keys() {
    return keys;
  }

  /** The grant of the key with this name, or {@code null} when no such key is configured. */
  public Grant grantOf(String name) {
    for (ApiKey key : keys) {
      if (key.name().equals(name)) {
        return key.grant();
      }
    }
    return null;
  }

  /** The grant of the key whose secret this is, or {@code null}. */
  public Grant authenticate(String presentedSecret) {
    byte[] presented = sha256(presentedSecret);
    Grant found = null;
    for (ApiKey key : keys) {
      if (key.matches(presented) && found == null) {
        found = key.grant();
      }
    }
    return found;
  }

  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Parses a configured {@code sha256} value: 64 hex digits. */
  public static byte[] parseSha256(String keyName, String hex) {
    try {
      byte[] hash = HexFormat.of().parseHex(hex.trim());
      if (hash.length == 32) {
        return hash;
      }
    } catch (IllegalArgumentException e) {
      // answered below, without echoing the value
    }
    throw new IllegalArgumentException(
        "lux.key." + keyName + ".sha256 must be 64 hex digits (the SHA-256 of the secret)");
  }
}
