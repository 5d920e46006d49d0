/**
 * The JSON and HTTP text every package speaks: one JSON-P provider and its factories, JSON read
 * with a depth limit, request bodies read with a size limit, and RFC 3339 timestamps. It imports
 * nothing of Lux, so every package may import it.
 */
package com.voxell.lux.wire;
