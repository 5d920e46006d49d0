/**
 * Operating Lux: its meters (served as Prometheus text and through MicroProfile Metrics), its
 * health checks, its start line and its quiet log of refusals. The meters are plain Java, so the
 * WAR runs the same on servers with and without MicroProfile Metrics.
 */
package com.voxell.lux.operations;
