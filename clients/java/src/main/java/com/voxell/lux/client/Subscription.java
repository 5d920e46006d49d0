package com.voxell.lux.client;

import java.util.Set;

/**
 * What one watch follows (ids, or every id under a prefix) and whom it tells. Compared by identity:
 * two watches of the same ids are two subscriptions.
 */
final class Subscription {

  final Set<String> ids;
  final String prefix;
  final LuxListener listener;
  volatile boolean active = true;

  private Subscription(Set<String> ids, String prefix, LuxListener listener) {
    this.ids = ids;
    this.prefix = prefix;
    this.listener = listener;
  }

  static Subscription ofIds(Set<String> ids, LuxListener listener) {
    return new Subscription(Set.copyOf(ids), null, listener);
  }

  static Subscription ofPrefix(String prefix, LuxListener listener) {
    return new Subscription(Set.of(), prefix, listener);
  }

  boolean covers(String id) {
    return prefix != null ? id.startsWith(prefix) : ids.contains(id);
  }
}
