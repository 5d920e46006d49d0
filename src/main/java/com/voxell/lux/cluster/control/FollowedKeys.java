package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.Interest;
import com.voxell.lux.problems.entity.Problem;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A clustered node's {@link Interest}: counts the ids and prefixes its listeners follow, and keeps
 * one grid listener registered whose filter covers them all, so the members that own the documents
 * send this node only the changes it follows. A follow that adds something new registers a wider
 * listener before it returns (one registration serves every follow waiting meanwhile); an unfollow
 * narrows it later, off the caller's thread. The new listener is registered before the old one is
 * removed, so no change falls between them: one may be heard twice, which listeners drop (the same
 * state again).
 */
public final class FollowedKeys implements Interest, AutoCloseable {

  /**
   * Above this many ids the node hears every change: a filter that large costs every member more to
   * hold and test than the changes it spares this node.
   */
  public static final int MAX_IDS = 10_000;

  /** What a registration must cover: every change when {@code everything}. */
  public record View(Set<String> ids, Set<String> prefixes, boolean everything) {

    boolean nothing() {
      return !everything && ids.isEmpty() && prefixes.isEmpty();
    }
  }

  /** Registers and removes the grid's listener. */
  public interface Registrar {

    /**
     * Registers a listener for the changes {@code view} covers; returns once the grid sends them.
     */
    Object register(View view);

    void unregister(Object registration);
  }

  private static final System.Logger LOG = System.getLogger(FollowedKeys.class.getName());

  private final Registrar registrar;
  private final Executor later;

  // Guarded by this: the counts, and a version that rises whenever what they cover changes.
  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<String, Integer> prefixes = new HashMap<>();
  private long version;

  // Guarded by registering: the listener in place and the version it covers.
  private final Object registering = new Object();
  private Object registration;
  private long covered;
  private boolean closed;

  /**
   * @param later runs the narrowing after an unfollow (one thread is enough: each run registers
   *     what is followed then)
   */
  public FollowedKeys(Registrar registrar, Executor later) {
    this.registrar = registrar;
    this.later = later;
  }

  @Override
  public void follow(Collection<String> followedIds, Collection<String> followedPrefixes) {
    long wanted;
    synchronized (this) {
      boolean grew = add(ids, followedIds) | add(prefixes, followedPrefixes);
      if (grew) {
        version++;
      }
      wanted = version;
    }
    try {
      cover(wanted);
    } catch (RuntimeException e) {
      unfollow(followedIds, followedPrefixes);
      LOG.log(System.Logger.Level.INFO, "lux could not register its grid listener yet: " + e);
      throw Problem.unavailable(
          "This node could not ask the cluster for these documents' changes; retry in a moment.",
          1);
    }
  }

  @Override
  public void unfollow(Collection<String> followedIds, Collection<String> followedPrefixes) {
    synchronized (this) {
      boolean shrank = remove(ids, followedIds) | remove(prefixes, followedPrefixes);
      if (!shrank) {
        return;
      }
      version++;
    }
    later.execute(this::narrow);
  }

  /** What the counts cover now. */
  public synchronized View view() {
    boolean everything = prefixes.containsKey("") || ids.size() > MAX_IDS;
    return new View(
        everything ? Set.of() : Set.copyOf(ids.keySet()),
        everything ? Set.of() : Set.copyOf(prefixes.keySet()),
        everything);
  }

  private void narrow() {
    try {
      cover(currentVersion());
    } catch (RuntimeException e) {
      // The wider listener stays until the next follow or unfollow: more changes, none missed.
      LOG.log(System.Logger.Level.INFO, "lux could not narrow its grid listener yet: " + e);
    }
  }

  private synchronized long currentVersion() {
    return version;
  }

  /**
   * Registers what is followed now, unless a registration of {@code wanted} or later is in place.
   */
  private void cover(long wanted) {
    synchronized (registering) {
      if (covered >= wanted || closed) {
        return;
      }
      View view;
      long now;
      synchronized (this) {
        view = view();
        now = version;
      }
      Object next = view.nothing() ? null : registrar.register(view);
      if (registration != null) {
        registrar.unregister(registration);
      }
      registration = next;
      covered = now;
    }
  }

  /** Counts each key once more; whether one was new. */
  private static boolean add(Map<String, Integer> counts, Collection<String> keys) {
    boolean added = false;
    for (String key : keys) {
      added |= counts.merge(key, 1, Integer::sum) == 1;
    }
    return added;
  }

  /** Counts each key once less; whether one is no longer followed. */
  private static boolean remove(Map<String, Integer> counts, Collection<String> keys) {
    boolean removed = false;
    for (String key : keys) {
      Integer count = counts.get(key);
      if (count == null) {
        continue;
      }
      if (count == 1) {
        counts.remove(key);
        removed = true;
      } else {
        counts.put(key, count - 1);
      }
    }
    return removed;
  }

  /** Removes the listener; follows after this register nothing. */
  @Override
  public void close() {
    synchronized (registering) {
      closed = true;
      if (registration != null) {
        registrar.unregister(registration);
        registration = null;
      }
    }
  }
}
