package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Documents in this JVM. {@link ConcurrentHashMap#compute} makes each mutation atomic per id, and
 * listeners are called inside it, so changes to one document reach them in order.
 */
public final class LocalBackplane implements Backplane {

  private static final System.Logger LOG = System.getLogger(LocalBackplane.class.getName());

  private final Map<String, Document> documents = new ConcurrentHashMap<>();
  // A sorted view of the ids for prefix listings; updated inside compute, read without locks.
  private final NavigableSet<String> ids = new ConcurrentSkipListSet<>();
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public Outcome apply(String id, Mutation mutation) {
    Outcome[] decided = new Outcome[1];
    documents.compute(
        id,
        (key, current) -> {
          Outcome outcome = mutation.apply(current);
          decided[0] = outcome;
          if (!outcome.changed()) {
            return current;
          }
          if (outcome.next() == null) {
            ids.remove(key);
            publish(new Change(outcome.kind(), current));
          } else {
            if (current == null) {
              ids.add(key); // the sorted ids change only when a document comes or goes
            }
            publish(new Change(outcome.kind(), outcome.next()));
          }
          return outcome.next();
        });
    return decided[0];
  }

  private void publish(Change change) {
    for (ChangeListener listener : listeners) {
      try {
        listener.changed(change);
      } catch (RuntimeException e) {
        // A broken listener must never undo or block a write that was already decided.
        LOG.log(System.Logger.Level.ERROR, "change listener failed for " + change.id(), e);
      }
    }
  }

  @Override
  public Document get(String id) {
    return documents.get(id);
  }

  @Override
  public List<Document> page(String prefix, String after, int limit) {
    NavigableSet<String> from =
        after != null && after.compareTo(prefix) >= 0
            ? ids.tailSet(after, false)
            : ids.tailSet(prefix, true);
    List<Document> page = new ArrayList<>(Math.min(limit, 64));
    for (String id : from) {
      if (!id.startsWith(prefix) || page.size() == limit) {
        break;
      }
      Document document = documents.get(id);
      if (document != null) {
        page.add(document);
      }
    }
    return page;
  }

  @Override
  public int size() {
    return documents.size();
  }

  @Override
  public Iterable<String> ownedIds() {
    return ids;
  }

  /** Ownership never moves in one JVM. */
  @Override
  public void onOwnershipChange(Runnable listener) {}

  @Override
  public void listen(ChangeListener listener) {
    listeners.add(listener);
  }
}
