package com.voxell.lux.insight.control;

import com.voxell.lux.documents.control.ChangeListener;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.Interest;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.insight.entity.Rollup;
import com.voxell.lux.wire.JsonText;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Live roll-ups, conflated. A change under a watched prefix only raises that prefix's dirty flag
 * (the write path must not count a fleet); {@link #publishDue()}, run on a timer, recounts each
 * dirty prefix once, and when the roll-up differs from the last one sends the same text to every
 * subscriber of it. So a wall of 5,000 busy jobs costs its viewers one small message per tick at
 * most, however many writes arrive in between.
 */
public final class RollupFeed implements ChangeListener {

  /** The type word of the stream message a subscriber receives. */
  public static final String MESSAGE_TYPE = "rollup";

  private final DocumentStore store;
  private final Interest interest;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();

  /**
   * @param interest told of each watched prefix, so a cluster sends this node its changes
   */
  public RollupFeed(DocumentStore store, Interest interest) {
    this.store = store;
    this.interest = interest;
  }

  /**
   * Sends the current roll-up of {@code prefix} to {@code sink} at once, then again whenever it
   * changes, until the returned handle is run.
   */
  public Runnable subscribe(String prefix, Consumer<String> sink) {
    interest.follow(List.of(), List.of(prefix));
    watches.compute(
        prefix,
        (key, watch) -> {
          Watch joined = watch != null ? watch : new Watch(key);
          joined.sinks.add(sink);
          return joined;
        });
    sink.accept(message(RollupTally.of(store, prefix)));
    return () -> unsubscribe(prefix, sink);
  }

  private void unsubscribe(String prefix, Consumer<String> sink) {
    watches.computeIfPresent(
        prefix,
        (key, watch) -> {
          watch.sinks.remove(sink);
          return watch.sinks.isEmpty() ? null : watch;
        });
    interest.unfollow(List.of(), List.of(prefix));
  }

  /** Called inside the document's lock: only marks the watched prefixes the change falls under. */
  @Override
  public void changed(Change change) {
    if (watches.isEmpty()) {
      return;
    }
    String id = change.id();
    for (Watch watch : watches.values()) {
      if (id.startsWith(watch.prefix)) {
        watch.dirty.set(true);
      }
    }
  }

  /** Recounts every prefix that changed since the last call and sends what moved. */
  public void publishDue() {
    for (Watch watch : watches.values()) {
      if (watch.dirty.getAndSet(false)) {
        Rollup rollup = RollupTally.of(store, watch.prefix);
        if (!rollup.equals(watch.last)) {
          watch.last = rollup;
          String text = message(rollup);
          watch.sinks.forEach(sink -> sink.accept(text));
        }
      }
    }
  }

  /** The stream message: {@code {"type":"rollup", …roll-up fields}}. */
  public static String message(Rollup rollup) {
    return JsonText.text(
        RollupJson.addFields(
                JsonText.BUILDERS.createObjectBuilder().add("type", MESSAGE_TYPE), rollup)
            .build());
  }

  private static final class Watch {
    final String prefix;
    final Set<Consumer<String>> sinks = new CopyOnWriteArraySet<>();
    final AtomicBoolean dirty = new AtomicBoolean();
    volatile Rollup last;

    Watch(String prefix) {
      this.prefix = prefix;
    }
  }
}
