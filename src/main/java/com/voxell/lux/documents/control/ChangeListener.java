package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Change;

/**
 * Receives every change, in order for each document. Called on the writer's thread (one JVM) or on
 * the cluster backplane's event lane for that document (every node hears every change): either way
 * it must hand work off and return at once, never block.
 */
@FunctionalInterface
public interface ChangeListener {

  void changed(Change change);
}
