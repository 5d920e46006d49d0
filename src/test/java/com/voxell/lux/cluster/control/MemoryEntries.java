package com.voxell.lux.cluster.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JVM map with the same compare-and-set meaning as a cluster engine's, recording every write that
 * took effect and counting reads (each a round trip to the owner in a cluster); {@link
 * #beforeNextWrite} lets a test slip a rival's write in between a read and a compare-and-set.
 */
class MemoryEntries extends ConcurrentHashMap<String, String> {

  final List<String> writes = new ArrayList<>();
  int reads;
  private Runnable beforeNextWrite = () -> {};

  void beforeNextWrite(Runnable rival) {
    this.beforeNextWrite = rival;
  }

  TextEntries entries() {
    return TextEntries.of(this);
  }

  private void rival() {
    Runnable rival = beforeNextWrite;
    beforeNextWrite = () -> {};
    rival.run();
  }

  @Override
  public String get(Object key) {
    reads++;
    return super.get(key);
  }

  @Override
  public String putIfAbsent(String key, String text) {
    rival();
    String previous = super.putIfAbsent(key, text);
    if (previous == null) {
      writes.add("put " + text);
    }
    return previous;
  }

  @Override
  public boolean replace(String key, String expected, String text) {
    rival();
    boolean won = super.replace(key, expected, text);
    if (won) {
      writes.add("replace " + text);
    }
    return won;
  }

  @Override
  public boolean remove(Object key, Object expected) {
    boolean removed = super.remove(key, expected);
    if (removed) {
      writes.add("remove " + key);
    }
    return removed;
  }
}
