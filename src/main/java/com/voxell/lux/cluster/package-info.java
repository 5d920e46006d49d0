/**
 * Many Lux nodes, one set of documents: a {@code Backplane} on the Hazelcast data grid the server
 * already carries, chosen at start-up by {@code lux.cluster}. Only this package knows Hazelcast.
 */
package com.voxell.lux.cluster;
