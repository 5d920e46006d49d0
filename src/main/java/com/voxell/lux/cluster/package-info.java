/**
 * Many Lux nodes, one set of documents: a {@code Backplane} on the engine the server already
 * carries (Payara's Hazelcast data grid in {@code grid}, a WildFly HA server's Infinispan in {@code
 * infinispan}), chosen at start-up by {@code lux.cluster}. Only those two packages know an engine.
 */
package com.voxell.lux.cluster;
