/**
 * Lux, a live state broker: agents write the current state of a job over HTTP, supervisors
 * subscribe to it over WebSocket. Each sub-package is one responsibility, split into boundary (what
 * the outside touches), control (plain-Java logic) and entity (data).
 */
package com.voxell.lux;
