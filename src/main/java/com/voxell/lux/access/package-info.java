/**
 * Who may do what: API keys from MicroProfile Config, short-lived tokens they mint (never wider
 * than the key), and optionally an identity provider's tokens, each turned into a {@link
 * com.voxell.lux.access.entity.Grant} of scopes over documents; plus CORS. Secrets are kept only as
 * SHA-256 hashes, compared in constant time, and never printed; tokens are never logged.
 */
package com.voxell.lux.access;
