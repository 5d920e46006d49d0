package com.voxell.lux.support;

/**
 * The credentials every integration-test server is configured with (see {@link LuxDeployment}).
 * Secrets live here once, so a test can also prove that none of them reaches the server log.
 */
public final class TestKeys {

  /** Every scope, every document. */
  public static final String ADMIN = "it-admin-secret-7f3a9c";

  /** write + read, only {@code workflow-} and {@code agent-run-}. */
  public static final String AGENTS = "it-agents-secret-41d2e8";

  /** read only, every document. */
  public static final String READER = "it-reader-secret-9b7c1d";

  /** write only, every document. */
  public static final String WRITER = "it-writer-secret-c4e6a2";

  /** write + read, configured by its SHA-256 only. */
  public static final String HASHED = "it-hashed-secret-5a8f0e";

  /** write + read, at most 2 writes per second. */
  public static final String SLOW = "it-slow-secret-2e9d4b";

  /**
   * read + write + token, only {@code portal-}, at most 2 writes per second: mints browser tokens.
   */
  public static final String PORTAL = "it-portal-secret-8c1f5d";

  /** Signs the test servers' tokens ({@code lux.token.secret}). */
  public static final String TOKEN_SECRET = "it-token-secret-3b9e7a0d5c2f4e6a8b1d3f5a7c9e0b2d";

  private TestKeys() {}

  /** MicroProfile Config lines declaring the keys above. */
  public static String config() {
    return String.join(
        "\n",
        "lux.keys=admin,agents,reader,writer,hashed,slow,portal",
        "lux.key.admin.secret=" + ADMIN,
        "lux.key.admin.scopes=read,write,token,admin",
        "lux.key.agents.secret=" + AGENTS,
        "lux.key.agents.scopes=write,read",
        "lux.key.agents.prefixes=workflow-,agent-run-",
        "lux.key.reader.secret=" + READER,
        "lux.key.reader.scopes=read",
        "lux.key.writer.secret=" + WRITER,
        "lux.key.writer.scopes=write",
        "lux.key.hashed.sha256=" + sha256Hex(HASHED),
        "lux.key.hashed.scopes=write,read",
        "lux.key.slow.secret=" + SLOW,
        "lux.key.slow.scopes=write,read",
        "lux.key.slow.writes-per-second=2",
        "lux.key.portal.secret=" + PORTAL,
        "lux.key.portal.scopes=read,write,token",
        "lux.key.portal.prefixes=portal-",
        "lux.key.portal.writes-per-second=2",
        "lux.token.secret=" + TOKEN_SECRET,
        "");
  }

  public static String[] all() {
    return new String[] {ADMIN, AGENTS, READER, WRITER, HASHED, SLOW, PORTAL, TOKEN_SECRET};
  }

  static String sha256Hex(String secret) {
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
