/**
 * Fleet insight: the roll-up of every job under a prefix (counts by status; how many are stale,
 * stalled, waiting, failed; which has been stale and which waiting the longest), answered over HTTP
 * and pushed, conflated, to subscribers. Per-document insight (rate, ETA, stall, timeline) is part
 * of a document's write rules and lives in {@link com.voxell.lux.documents}; this package only
 * reads documents, so the dependency runs one way.
 */
package com.voxell.lux.insight;
