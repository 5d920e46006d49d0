/**
 * The Infinispan adapters for WildFly HA servers: documents and write allowances in replicated
 * caches of the server's own cache container, changes fanned out by cache listeners. The only code
 * that imports {@code org.infinispan}.
 */
package com.voxell.lux.cluster.infinispan;
