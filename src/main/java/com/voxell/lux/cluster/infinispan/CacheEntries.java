package com.voxell.lux.cluster.infinispan;

import com.voxell.lux.cluster.control.TextEntries;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;

/**
 * An Infinispan cache as {@link TextEntries}: its conditional writes run under the key's lock on
 * the primary owner. Entries created here live at most {@code lifespanSeconds} when that is
 * positive.
 */
final class CacheEntries implements TextEntries {

  private final Cache<String, String> cache;
  private final long lifespanSeconds;

  CacheEntries(Cache<String, String> cache, long lifespanSeconds) {
    this.cache = cache;
    this.lifespanSeconds = lifespanSeconds;
  }

  @Override
  public String get(String key) {
    return cache.get(key);
  }

  @Override
  public boolean putIfAbsent(String key, String text) {
    return (lifespanSeconds > 0
            ? cache.putIfAbsent(key, text, lifespanSeconds, TimeUnit.SECONDS)
            : cache.putIfAbsent(key, text))
        == null;
  }

  @Override
  public boolean replace(String key, String expected, String text) {
    return cache.replace(key, expected, text);
  }

  @Override
  public void remove(String key, String expected) {
    cache.remove(key, expected);
  }
}
