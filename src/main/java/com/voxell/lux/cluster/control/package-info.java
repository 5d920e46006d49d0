/** Plain-Java pieces of the cluster: the grid form of a change and the ordered event hand-off. */
package com.voxell.lux.cluster.control;
