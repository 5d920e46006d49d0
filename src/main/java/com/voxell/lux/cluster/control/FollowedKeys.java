package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.Interest;
import com.voxell.lux.problems.entity.Problem;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A clustered node's {@link Interest}: counts the ids and prefixes its listeners follow and
 * publishes what they cover as one view, by which the member owning each document decides whether
 * to send this node its changes. A follow that adds something new publishes a wider view before it
 * returns (one publication serves every follow waiting meanwhile); an unfollow narrows it later,
 * off the caller's thread. Each view replaces the last whole, so none is ever missing: a change may
 * be sent twice around a replacement, which listeners drop (the same state again).
 */
public final class FollowedKeys implements Interest {

  /**
   * Above this many ids the node hears every change: a view that large costs every member more to
   * hold and test than the changes it spares this node.
   */
  public static final int MAX_IDS = 10_000;

  /** What a view covers: every change when {@code everything}. */
  public record View(Set<String> ids, Set<String> prefixes, boolean everything) {

    public static final View NOTHING = new View(Set.of(), Set.of(), false);

    /** Whether a change of {@code id} falls under this view. */
    public boolean covers(String id) {
      if (everything || ids.contains(id)) {
        return true;
      }
      for (String prefix : prefixes) {
        if (id.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Makes a view the one the cluster routes this node's changes by. */
  @FunctionalInterface
  public interface Publisher {

    /**
     * Returns once the members route by {@code view}; throws when the cluster cannot be reached.
     */
    void publish(View view);
  }

  private static final System.Logger LOG = System.getLogger(FollowedKeys.class.getName());

  private final Publisher publisher;
  private final Executor later;

  // Guarded by this: the counts, and a version that rises whenever what they cover changes.
  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<String, Integer> prefixes = new HashMap<>();
  private long version;

  // Guarded by publishing: the version of the view the cluster routes by.
  private final Object publishing = new Object();
  private long covered;

  /**
   * @param later runs the narrowing after an unfollow (one thread is enough: each run publishes
   *     what is followed then)
   */
  public FollowedKeys(Publisher publisher, Executor later) {
    this.publisher = publisher;
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
      LOG.log(System.Logger.Level.INFO, "lux could not publish what this node follows yet: " + e);
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

  /**
   * Publishes the view again, though the cluster had it: after a split healed, the side this node
   * was on may have dropped it.
   */
  public void publishAgain() {
    long wanted;
    synchronized (this) {
      wanted = ++version;
    }
    cover(wanted);
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
      // The wider view stays until the next follow or unfollow: more changes, none missed.
      LOG.log(System.Logger.Level.INFO, "lux could not narrow what this node follows yet: " + e);
    }
  }

  private synchronized long currentVersion() {
    return version;
  }

  /** Publishes what is followed now, unless a view of {@code wanted} or later is in place. */
  private void cover(long wanted) {
    synchronized (publishing) {
      if (covered >= wanted) {
        return;
      }
      View view;
      long now;
      synchronized (this) {
        view = view();
        now = version;
      }
      publisher.publish(view);
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
}
