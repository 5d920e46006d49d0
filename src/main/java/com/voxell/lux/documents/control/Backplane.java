package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Document;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where documents live and how their changes travel: in this JVM ({@link LocalBackplane}) or across
 * a cluster. The store decides what a write does; the backplane makes each decision atomic per
 * document and tells every listener, on every node, in per-document order.
 */
public interface Backplane {

  /**
   * Runs the mutation atomically against the current state of {@code id}, stores its result and
   * publishes the change, if any.
   *
   * @return the outcome the mutation decided
   */
  Outcome apply(String id, Mutation mutation);

  /** The current state, or {@code null}. */
  Document get(String id);

  /**
   * Up to {@code limit} documents whose ids start with {@code prefix} and sort after {@code after}
   * ({@code null}: from the first), in id order.
   */
  List<Document> page(String prefix, String after, int limit);

  /**
   * Hands every document to {@code batches}, up to {@code size} at a time and in no particular
   * order: for a caller that reads them all (the stream's catch-up after a cluster change). A
   * clustered backplane looks at the ids once for the whole read, where paging would fetch them all
   * again for every page (a read of N documents moving ~N²/size ids).
   */
  default void scan(int size, Consumer<List<Document>> batches) {
    String after = null;
    while (true) {
      List<Document> batch = page("", after, size);
      if (batch.isEmpty()) {
        return;
      }
      batches.accept(batch);
      after = batch.get(batch.size() - 1).id();
    }
  }

  /** How many documents are held. */
  int size();

  /**
   * Ids of the documents whose primary copy this node holds (each id on one node): the node that
   * takes up their timers when ids move ({@link DocumentStore}).
   */
  Iterable<String> ownedIds();

  /**
   * Calls {@code listener} whenever the cluster changed (members joined or left, the grid moved
   * ids, a split healed): the ids this node owns may have changed, so timers can be read again from
   * {@link #ownedIds()}, and this node may have missed changes (a grid fires no event for entries a
   * merge or a migration moved, and an event of a member that froze or left may never come), so
   * what a listener holds can be read again with {@link #get} and {@link #page}. The listener only
   * notes it and returns.
   */
  void onOwnershipChange(Runnable listener);

  /**
   * Whether documents can be read and written now. A local backplane always can; a clustered one
   * answers {@code false} while it has lost its grid, and readiness follows it.
   */
  default boolean up() {
    return true;
  }

  /**
   * Adds a listener for the changes this node follows ({@link #interest()}) from now on; a local
   * backplane's listeners hear every change.
   */
  void listen(ChangeListener listener);

  /** What this node follows: the changes its listeners hear. */
  default Interest interest() {
    return Interest.EVERYTHING;
  }
}
