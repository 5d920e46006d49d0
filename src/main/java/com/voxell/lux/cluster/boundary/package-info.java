/** Chooses the backplane at start-up from {@code lux.cluster} and logs the choice. */
package com.voxell.lux.cluster.boundary;
