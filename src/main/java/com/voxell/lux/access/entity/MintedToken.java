package com.voxell.lux.access.entity;

import java.time.Instant;

/**
 * A freshly signed token and the grant it carries. {@link #toString()} never shows the token.
 *
 * @param token the compact JWT to hand to the browser
 * @param grant what the token allows, with its {@code expiresAt}
 */
public record MintedToken(String token, Grant grant) {

  public Instant expiresAt() {
    return grant.expiresAt();
  }

  @Override
  public String toString() {
    return "MintedToken[" + grant + "]";
  }
}
