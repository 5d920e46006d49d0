/** The stream's values: its limits and the requests a client may send. */
package com.voxell.lux.stream.entity;
