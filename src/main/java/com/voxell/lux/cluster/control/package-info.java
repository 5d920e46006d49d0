/**
 * Plain-Java pieces of the cluster, whatever the engine: the grid form of a change, compare-and-set
 * writes, listing pages and rate limits over a {@code TextEntries} map, and the ordered event
 * hand-off.
 */
package com.voxell.lux.cluster.control;
