package com.voxell.lux.stream.control;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.ChangeListener;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.control.Mutation;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backplane whose change events lag behind its store until released, as a data grid's do: a read
 * may see a state whose changes have not reached the listeners yet. Held events can also be lost
 * (their member froze or left before sending them) and a cluster change announced, as around a
 * grid's membership changes.
 */
final class HeldBackplane implements Backplane {

  private final LocalBackplane store = new LocalBackplane();
  private final List<Change> held = new ArrayList<>();
  private final List<ChangeListener> listeners = new ArrayList<>();
  private final List<Runnable> clusterListeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger pages = new AtomicInteger();
  private volatile boolean up = true;

  HeldBackplane() {
    store.listen(held::add);
  }

  /** The changes held so far never reach the listeners. */
  void loseHeld() {
    held.clear();
  }

  /**
   * The store goes back to {@code earlier} without an event: as a grid loses a write whose event
   * came (its member applied it as it froze, or died before its backup had it).
   */
  void revert(String id, Document earlier) {
    store.apply(id, current -> new Outcome(earlier, Change.Kind.UPDATED));
    held.remove(held.size() - 1);
  }

  /** Members came or went: tells the ownership listeners, as a grid does. */
  void clusterChanged() {
    clusterListeners.forEach(Runnable::run);
  }

  /** Whether the backplane answers as up (false: the minority side of a split). */
  void up(boolean up) {
    this.up = up;
  }

  @Override
  public boolean up() {
    return up;
  }

  /** How many listing pages were read. */
  int pagesRead() {
    return pages.get();
  }

  /** Delivers every change held, oldest first. */
  void releaseAll() {
    while (!held.isEmpty()) {
      releaseNext();
    }
  }

  /** Delivers the oldest change held. */
  void releaseNext() {
    Change change = held.remove(0);
    listeners.forEach(listener -> listener.changed(change));
  }

  @Override
  public Outcome apply(String id, Mutation mutation) {
    return store.apply(id, mutation);
  }

  @Override
  public Document get(String id) {
    return store.get(id);
  }

  @Override
  public List<Document> page(String prefix, String after, int limit) {
    pages.incrementAndGet();
    return store.page(prefix, after, limit);
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public Iterable<String> ownedIds() {
    return store.ownedIds();
  }

  @Override
  public void onOwnershipChange(Runnable listener) {
    clusterListeners.add(listener);
  }

  @Override
  public void listen(ChangeListener listener) {
    listeners.add(listener);
  }
}
