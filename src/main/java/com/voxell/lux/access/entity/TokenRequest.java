package com.voxell.lux.access.entity;

import java.util.List;
import java.util.Set;

/**
 * What a caller asks a token to allow (the body of {@code POST /api/lux/tokens}). Empty ids and
 * prefixes mean "the minting key's whole reach"; a null ttl or rate means the default.
 *
 * @param ids single document ids the token reaches
 * @param prefixes id prefixes the token reaches
 * @param scopes what the token may do ({@code read} when the caller names none)
 * @param ttlSeconds the token's lifetime, or {@code null} for the configured default
 * @param writesPerSecond the token's write limit, or {@code null} for the minting key's
 */
public record TokenRequest(
    List<String> ids,
    List<String> prefixes,
    Set<Scope> scopes,
    Long ttlSeconds,
    Double writesPerSecond) {

  public TokenRequest {
    ids = List.copyOf(ids);
    prefixes = List.copyOf(prefixes);
    scopes = scopes.isEmpty() ? Set.of(Scope.READ) : Set.copyOf(scopes);
  }

  /** A read token for the given ids, with the default lifetime. */
  public static TokenRequest readIds(String... ids) {
    return new TokenRequest(List.of(ids), List.of(), Set.of(Scope.READ), null, null);
  }
}
