package com.voxell.lux.access.entity;

import java.time.Duration;
import java.util.Arrays;

/**
 * How Lux signs its own tokens: the HS256 secret ({@code lux.token.secret}, at least 32 bytes) and
 * the default and longest lifetimes. {@link #toString()} never shows the secret.
 */
public final class TokenSettings {

  public static final int MIN_SECRET_BYTES = 32;

  private final byte[] secret;
  private final Duration defaultTtl;
  private final Duration maxTtl;

  public TokenSettings(byte[] secret, Duration defaultTtl, Duration maxTtl) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "lux.token.secret must be at least "
              + MIN_SECRET_BYTES
              + " bytes (HS256 needs 256 bits)");
    }
    if (maxTtl.isNegative() || maxTtl.isZero()) {
      throw new IllegalArgumentException("lux.token.max-ttl must be at least 1 second");
    }
    if (defaultTtl.isNegative() || defaultTtl.isZero() || defaultTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException(
          "lux.token.default-ttl must be from 1 second to lux.token.max-ttl");
    }
    this.secret = secret.clone();
    this.defaultTtl = defaultTtl;
    this.maxTtl = maxTtl;
  }

  public byte[] secret() {
    return secret.clone();
  }

  public Duration defaultTtl() {
    return defaultTtl;
  }

  public Duration maxTtl() {
    return maxTtl;
  }

  @Override
  public String toString() {
    return "TokenSettings[defaultTtl=" + defaultTtl + ", maxTtl=" + maxTtl + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenSettings settings
        && Arrays.equals(secret, settings.secret)
        && defaultTtl.equals(settings.defaultTtl)
        && maxTtl.equals(settings.maxTtl);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(secret);
  }
}
