/**
 * WildFly's own answers, set right for Lux: what its web server (Undertow) sends for Lux's requests
 * while the server is suspended. The only code that imports Undertow; loaded only where Undertow
 * looks it up.
 */
package com.voxell.lux.operations.wildfly;
