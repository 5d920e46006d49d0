package com.voxell.lux.access.entity;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a credential may do: read documents, write them, mint tokens, or administer Lux. */
public enum Scope {
  READ,
  WRITE,
  TOKEN,
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a comma-separated list such as {@code write,read}. */
  public static Set<Scope> parseList(String list) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String part : list.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      try {
        scopes.add(valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown scope '" + name + "' (known: read, write, token, admin)");
      }
    }
    return scopes;
  }
}
