/**
 * Who may do what: API keys from MicroProfile Config, each a {@link
 * com.voxell.lux.access.entity.Grant} of scopes over documents. Secrets are kept only as SHA-256
 * hashes, compared in constant time, and never printed.
 */
package com.voxell.lux.access;
