/**
 * The stream's edges: WebSocket endpoints, Server-Sent Events, the admin count and the CDI bean
 * that runs the registry.
 */
package com.voxell.lux.stream.boundary;
