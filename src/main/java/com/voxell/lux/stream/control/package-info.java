/**
 * The fan-out, in plain Java: changes are serialized once, spread over single-threaded lanes (one
 * per document, so order holds), conflated per subscriber and sent asynchronously.
 */
package com.voxell.lux.stream.control;
