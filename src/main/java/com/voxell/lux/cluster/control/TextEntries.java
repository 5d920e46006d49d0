package com.voxell.lux.cluster.control;

/**
 * What Lux needs of a cluster engine's map to keep its state there: text values under string keys,
 * changed only by compare-and-set, each operation atomic on the key's owner in the whole cluster.
 * Hazelcast's {@code IMap} and Infinispan's {@code Cache} both offer it.
 */
public interface TextEntries {

  /** The text under {@code key}, or {@code null}. */
  String get(String key);

  /** Stores {@code text} unless {@code key} holds something: whether it did. */
  boolean putIfAbsent(String key, String text);

  /** Stores {@code text} only while {@code key} still holds {@code expected}: whether it did. */
  boolean replace(String key, String expected, String text);

  /** Removes {@code key} only while it still holds {@code expected}. */
  void remove(String key, String expected);
}
