package com.voxell.lux.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer credential and when it expires. The client asks its token supplier for a new one a
 * margin before {@code expiresAt}, and at once when Lux refuses the current one.
 *
 * @param value the token (or an API key)
 * @param expiresAt when it stops working; {@code null} when it never does (a key)
 */
public record Token(String value, Instant expiresAt) {

  public Token {
    Objects.requireNonNull(value, "value");
  }

  /** A credential that never expires, such as an API key. */
  public static Token of(String value) {
    return new Token(value, null);
  }

  @Override
  public String toString() {
    return "Token[expiresAt=" + expiresAt + "]"; // never the secret
  }
}
