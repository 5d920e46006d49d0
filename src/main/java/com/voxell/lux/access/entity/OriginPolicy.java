package com.voxell.lux.access.entity;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may call Lux (CORS) and open its sockets: the server's own origin always,
 * others only when {@code lux.cors.origins} lists them ({@code *} allows any).
 */
public record OriginPolicy(List<String> allowed) {

  public OriginPolicy {
    allowed = allowed.stream().map(OriginPolicy::normalize).toList();
  }

  public boolean allowsAny() {
    return allowed.contains("*");
  }

  /** Whether a cross-origin caller from {@code origin} is listed. */
  public boolean lists(String origin) {
    return origin != null && (allowsAny() || allowed.contains(normalize(origin)));
  }

  /**
   * Whether a request from {@code origin} to the server reached as {@code host} (the Host header)
   * may proceed: no Origin (not a browser), the server's own origin, or a listed one.
   */
  public boolean allows(String origin, String host) {
    if (origin == null || origin.isBlank()) {
      return true;
    }
    return sameOrigin(origin, host) || lists(origin);
  }

  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin.trim());
      String authority = uri.getRawAuthority();
      return authority != null && authority.equalsIgnoreCase(host.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String normalize(String origin) {
    String trimmed = origin.trim().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
