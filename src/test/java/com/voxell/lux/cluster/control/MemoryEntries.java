package com.voxell.lux.cluster.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link TextEntries} in one JVM map, with the same compare-and-set meaning as a cluster engine's,
 * recording every write that took effect; {@link #beforeNextWrite} lets a test slip a rival's write
 * in between a read and a compare-and-set.
 */
class MemoryEntries implements TextEntries {

  final ConcurrentMap<String, String> map = new ConcurrentHashMap<>();
  final List<String> writes = new ArrayList<>();
  private Runnable beforeNextWrite = () -> {};

  void beforeNextWrite(Runnable rival) {
    this.beforeNextWrite = rival;
  }

  private void rival() {
    Runnable rival = beforeNextWrite;
    beforeNextWrite = () -> {};
    rival.run();
  }

  @Override
  public String get(String key) {
    return map.get(key);
  }

  @Override
  public boolean putIfAbsent(String key, String text) {
    rival();
    boolean won = map.putIfAbsent(key, text) == null;
    if (won) {
      writes.add("put " + text);
    }
    return won;
  }

  @Override
  public boolean replace(String key, String expected, String text) {
    rival();
    boolean won = map.replace(key, expected, text);
    if (won) {
      writes.add("replace " + text);
    }
    return won;
  }

  @Override
  public void remove(String key, String expected) {
    if (map.remove(key, expected)) {
      writes.add("remove " + key);
    }
  }
}
