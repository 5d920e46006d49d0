package com.voxell.lux.client;

import jakarta.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The newest state of every document one socket carries, and what each stream message means for it.
 * The ordering rule of the JavaScript client: a state is applied when its epoch differs (a new
 * epoch always wins) or its version is higher in the same epoch; epochs moved past (deleted, or
 * replaced by a newer one) are never applied again; after a reconnect, a document the fresh
 * snapshots of a prefix no longer name was deleted meanwhile. Not thread-safe: the socket's lock
 * guards it.
 */
final class HeldStates {

  private static final int RETIRED_PER_ID = 16;

  private final Map<String, DocumentState> latest = new HashMap<>();
  private final Map<String, ArrayDeque<String>> retired = new HashMap<>();
  // After a reconnect, until each prefix's `subscribed`: the ids the new socket has named.
  private final Set<String> awaitedPrefixes = new HashSet<>();
  private final Set<String> seenSinceReconnect = new HashSet<>();

  /**
   * The events {@code message} means, in order; none when it is old news or concerns nothing held.
   */
  List<LuxEvent> apply(JsonObject message) {
    String type = JsonText.string(message, "type");
    String id = JsonText.string(message, "id");
    if (type == null) {
      return List.of();
    }
    switch (type) {
      case "snapshot", "update" -> {
        DocumentState incoming = DocumentState.of(message);
        seen(id);
        DocumentState held = latest.get(id);
        if (!isNewer(held, incoming, retired.get(id))) {
          return List.of();
        }
        if (held != null && !held.epoch().equals(incoming.epoch())) {
          retire(id, held.epoch());
        }
        latest.put(id, incoming);
        return List.of(
            event(
                type.equals("snapshot") ? LuxEvent.Type.SNAPSHOT : LuxEvent.Type.UPDATE, incoming));
      }
      case "stale", "renewed" -> {
        boolean stale = type.equals("stale");
        DocumentState held = latest.get(id);
        if (held == null
            || !held.epoch().equals(JsonText.string(message, "epoch"))
            || JsonText.number(message, "version", 0) < held.version()
            || held.stale() == stale) {
          return List.of();
        }
        DocumentState flipped = held.withStale(stale);
        latest.put(id, flipped);
        return List.of(event(stale ? LuxEvent.Type.STALE : LuxEvent.Type.RENEWED, flipped));
      }
      case "deleted" -> {
        String reason = JsonText.string(message, "reason");
        return removed(id, reason == null ? "deleted" : reason);
      }
      case "missing" -> {
        seen(id);
        return removed(id, "missing");
      }
      case "subscribed" -> {
        String prefix = JsonText.string(message, "prefix");
        return prefix != null && awaitedPrefixes.remove(prefix) ? droppedUnder(prefix) : List.of();
      }
      default -> {
        return List.of();
      }
    }
  }

  /** A new socket is about to resubscribe these prefixes: watch which ids it names again. */
  void reconnecting(Iterable<String> prefixes) {
    seenSinceReconnect.clear();
    awaitedPrefixes.clear();
    for (String prefix : prefixes) {
      awaitedPrefixes.add(prefix);
    }
  }

  private void seen(String id) {
    if (!awaitedPrefixes.isEmpty() && id != null) {
      seenSinceReconnect.add(id);
    }
  }

  private List<LuxEvent> droppedUnder(String prefix) {
    List<LuxEvent> events = new ArrayList<>();
    for (String id : new ArrayList<>(latest.keySet())) {
      if (id.startsWith(prefix) && !seenSinceReconnect.contains(id)) {
        events.addAll(removed(id, "missing"));
      }
    }
    if (awaitedPrefixes.isEmpty()) {
      seenSinceReconnect.clear();
    }
    return events;
  }

  private List<LuxEvent> removed(String id, String reason) {
    DocumentState held = latest.remove(id);
    if (held == null) {
      return List.of();
    }
    retire(id, held.epoch());
    return List.of(new LuxEvent(LuxEvent.Type.DELETED, id, null, reason, null));
  }

  private void retire(String id, String epoch) {
    ArrayDeque<String> epochs = retired.computeIfAbsent(id, key -> new ArrayDeque<>());
    epochs.addLast(epoch);
    if (epochs.size() > RETIRED_PER_ID) {
      epochs.removeFirst();
    }
  }

  private static LuxEvent event(LuxEvent.Type type, DocumentState state) {
    return new LuxEvent(type, state.id(), state, null, null);
  }

  /** Whether {@code incoming} may replace {@code held}: never older, never a retired epoch. */
  static boolean isNewer(
      DocumentState held, DocumentState incoming, Iterable<String> retiredEpochs) {
    if (incoming.epoch() == null) {
      return false;
    }
    if (retiredEpochs != null) {
      for (String epoch : retiredEpochs) {
        if (epoch.equals(incoming.epoch())) {
          return false;
        }
      }
    }
    if (held == null || !incoming.epoch().equals(held.epoch())) {
      return true;
    }
    if (incoming.version() != held.version()) {
      return incoming.version() > held.version();
    }
    // the same version is news only when the broker derived something new (a stall), or the
    // lease flipped while this socket was away (stale, or renewed)
    return !incoming.derived().equals(held.derived()) || incoming.stale() != held.stale();
  }

  /** The held states of the documents {@code covers} accepts. */
  List<DocumentState> held(Predicate<String> covers) {
    List<DocumentState> states = new ArrayList<>();
    latest.forEach(
        (id, state) -> {
          if (covers.test(id)) {
            states.add(state);
          }
        });
    return states;
  }

  DocumentState get(String id) {
    return latest.get(id);
  }

  /** Forgets the documents no subscription follows any more (and their retired epochs). */
  void retain(Predicate<String> followed) {
    for (Iterator<String> ids = latest.keySet().iterator(); ids.hasNext(); ) {
      String id = ids.next();
      if (!followed.test(id)) {
        ids.remove();
        retired.remove(id);
      }
    }
  }
}
