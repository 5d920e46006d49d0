package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.ChangeListener;
import com.voxell.lux.documents.entity.Change;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This node's listeners of a clustered backplane: each change the node hears goes to every one; one
 * that throws is logged and the others still hear it.
 */
public final class ChangeListeners {

  private static final System.Logger LOG = System.getLogger(ChangeListeners.class.getName());

  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

  public void add(ChangeListener listener) {
    listeners.add(listener);
  }

  public void publish(Change change) {
    for (ChangeListener listener : listeners) {
      try {
        listener.changed(change);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "change listener failed for " + change.id(), e);
      }
    }
  }
}
