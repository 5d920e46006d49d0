package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Change;

/**
 * Receives changes, in order for each document: every change in one JVM, on the writer's thread; in
 * a cluster, those of what this node follows ({@link Interest}), on the grid's event thread for
 * that document. Either way it must hand work off and return at once, never block.
 */
@FunctionalInterface
public interface ChangeListener {

  void changed(Change change);
}
