package com.voxell.lux.client;

/**
 * Receives a watch's events, on the client's listener thread (never the socket's), one at a time. A
 * slow listener delays only itself: meanwhile the newest state of each document replaces older
 * undelivered ones.
 */
@FunctionalInterface
public interface LuxListener {

  void on(LuxEvent event);
}
