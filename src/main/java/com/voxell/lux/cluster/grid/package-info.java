/**
 * The Hazelcast adapters: documents and write allowances in grid maps, changes fanned out by entry
 * listeners. The only code that imports {@code com.hazelcast}.
 */
package com.voxell.lux.cluster.grid;
