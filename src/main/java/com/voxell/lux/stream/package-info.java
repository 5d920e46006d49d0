/**
 * The live stream: subscribers on WebSocket or Server-Sent Events see every change of the documents
 * they follow, newest state first, without ever slowing a writer (docs/PROTOCOL.md, "Live stream").
 */
package com.voxell.lux.stream;
