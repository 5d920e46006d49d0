package com.voxell.lux.cluster.control;

import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * What Lux needs of a cluster engine's map to keep its state there: text values under string keys,
 * changed only by compare-and-set, each operation atomic on the key's owner in the whole cluster.
 * Hazelcast's {@code IMap} and Infinispan's {@code Cache} are both such a {@link ConcurrentMap}.
 */
public final class TextEntries {

  private final ConcurrentMap<String, String> map;
  private final BiFunction<String, String, String> putIfAbsent;

  private TextEntries(
      ConcurrentMap<String, String> map, BiFunction<String, String, String> putIfAbsent) {
    this.map = map;
    this.putIfAbsent = putIfAbsent;
  }

  public static TextEntries of(ConcurrentMap<String, String> map) {
    return new TextEntries(map, map::putIfAbsent);
  }

  /**
   * Entries created through {@code expiringPutIfAbsent}, the engine's {@code putIfAbsent} with a
   * lifespan, so that entries nobody changes any more go away by themselves.
   */
  public static TextEntries expiring(
      ConcurrentMap<String, String> map, BiFunction<String, String, String> expiringPutIfAbsent) {
    return new TextEntries(map, expiringPutIfAbsent);
  }

  /** The text under {@code key}, or {@code null}. */
  public String get(String key) {
    return map.get(key);
  }

  /** Stores {@code text} unless {@code key} holds something: whether it did. */
  public boolean putIfAbsent(String key, String text) {
    return putIfAbsent.apply(key, text) == null;
  }

  /** Stores {@code text} only while {@code key} still holds {@code expected}: whether it did. */
  public boolean replace(String key, String expected, String text) {
    return map.replace(key, expected, text);
  }

  /** Removes {@code key} only while it still holds {@code expected}. */
  public void remove(String key, String expected) {
    map.remove(key, expected);
  }
}
