package com.voxell.lux.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A listener that keeps every event it is given and each document's newest state. */
final class Recording implements LuxListener {

  final List<LuxEvent> events = new CopyOnWriteArrayList<>();
  final Map<String, DocumentState> states = new ConcurrentHashMap<>();
  final List<String> threads = new CopyOnWriteArrayList<>();

  @Override
  public void on(LuxEvent event) {
    threads.add(Thread.currentThread().getName());
    events.add(event);
    if (event.state() != null) {
      states.put(event.id(), event.state());
    } else if (event.type() == LuxEvent.Type.DELETED) {
      states.remove(event.id());
    }
  }

  /** Waits until {@code id}'s newest state passes {@code test}; returns it. */
  DocumentState await(String id, Predicate<DocumentState> test) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> states.get(id) != null && test.test(states.get(id)));
    return states.get(id);
  }

  List<LuxEvent.Type> types(String id) {
    return events.stream().filter(e -> id.equals(e.id())).map(LuxEvent::type).toList();
  }

  /** The versions delivered for {@code id}, in delivery order. */
  List<Long> versions(String id) {
    return events.stream()
        .filter(e -> id.equals(e.id()) && e.state() != null)
        .map(e -> e.state().version())
        .toList();
  }
}
