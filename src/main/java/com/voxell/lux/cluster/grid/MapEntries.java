package com.voxell.lux.cluster.grid;

import com.hazelcast.map.IMap;
import com.voxell.lux.cluster.control.TextEntries;
import java.util.concurrent.TimeUnit;

/**
 * A Hazelcast map as {@link TextEntries}; entries created here live at most {@code ttlSeconds} when
 * that is positive.
 */
final class MapEntries implements TextEntries {

  private final IMap<String, String> map;
  private final long ttlSeconds;

  MapEntries(IMap<String, String> map, long ttlSeconds) {
    this.map = map;
    this.ttlSeconds = ttlSeconds;
  }

  @Override
  public String get(String key) {
    return map.get(key);
  }

  @Override
  public boolean putIfAbsent(String key, String text) {
    return (ttlSeconds > 0
            ? map.putIfAbsent(key, text, ttlSeconds, TimeUnit.SECONDS)
            : map.putIfAbsent(key, text))
        == null;
  }

  @Override
  public boolean replace(String key, String expected, String text) {
    return map.replace(key, expected, text);
  }

  @Override
  public void remove(String key, String expected) {
    map.remove(key, expected);
  }
}
