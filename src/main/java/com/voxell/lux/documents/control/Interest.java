package com.voxell.lux.documents.control;

import java.util.Collection;

/**
 * What this node's listeners follow: documents by id, and every document under a prefix. A
 * clustered backplane delivers to a node only the changes of what it follows, so a change travels
 * only to the nodes whose subscribers want it (and the node that wrote it keeps its own timers: see
 * {@link DocumentStore}). A local backplane hears every change for free and follows everything.
 *
 * <p>Follows are counted: each {@link #follow} is undone by one {@link #unfollow} of the same ids
 * and prefixes.
 */
public interface Interest {

  /** Follows everything already: nothing to register. */
  Interest EVERYTHING =
      new Interest() {
        @Override
        public void follow(Collection<String> ids, Collection<String> prefixes) {}

        @Override
        public void unfollow(Collection<String> ids, Collection<String> prefixes) {}
      };

  /**
   * Follows {@code ids} and {@code prefixes}, returning once every change of them written from then
   * on reaches this node's listeners: a state read after it returns is never newer than the next
   * change heard. May wait on the cluster; throws a {@code Problem} (503) when it cannot reach it.
   */
  void follow(Collection<String> ids, Collection<String> prefixes);

  /** Undoes one {@link #follow} of them; returns at once (the cluster learns it later). */
  void unfollow(Collection<String> ids, Collection<String> prefixes);
}
