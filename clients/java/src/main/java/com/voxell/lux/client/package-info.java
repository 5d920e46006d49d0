/**
 * Lux's Java client: publish job state over HTTP ({@link com.voxell.lux.client.LuxClient#put},
 * {@link com.voxell.lux.client.Job}) and follow it live over one shared WebSocket ({@link
 * com.voxell.lux.client.LuxClient#watch}), with the same reconnect, ordering and token rules as the
 * JavaScript client. Depends only on the JDK and Jakarta JSON Processing.
 */
package com.voxell.lux.client;
