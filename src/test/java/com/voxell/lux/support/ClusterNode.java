package com.voxell.lux.support;

import java.net.URI;
import java.time.Duration;

/** One Lux node of a test cluster, whatever server runs it: Payara Micro or WildFly. */
public interface ClusterNode {

  String name();

  /** Starts (or restarts) the server; {@link #awaitReady} waits for Lux on it. */
  ClusterNode start();

  /** Waits until Lux is deployed and ready on this boot. */
  void awaitReady(Duration timeout);

  /** Kills the JVM at once, as a crash would: no shutdown hooks, no goodbye to the cluster. */
  void kill() throws InterruptedException;

  /** Stops the server gracefully and waits for it. */
  void stop() throws InterruptedException;

  /** The server's console output so far, every boot of it. */
  String logText();

  /** The HTTP listener, {@code http://127.0.0.1:port}. */
  URI base();

  /** {@code /health/ready}, where a load balancer asks whether to route to this node. */
  URI readiness();

  /** This node's Lux API at {@code path} (under /api/lux). */
  URI api(String path);

  /** A socket to this node's stream at {@code path} (under /api/lux). */
  StreamClient stream(String path, String key);
}
