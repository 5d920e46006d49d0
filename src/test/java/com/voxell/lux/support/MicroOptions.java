package com.voxell.lux.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Payara Micro options every server a test starts shares with bin/run and bin/run-node: no
 * phone-home, the HTTP listener on loopback and closed until Lux is deployed (the pre-boot and
 * post-deploy command files of server-config/), a shutdown grace during which a stopping node
 * answers 503, and ({@link #unpackedIn}) a runtime directory of its own.
 */
public final class MicroOptions {

  /** Long enough for a test to see the stopping node's 503s, short enough not to slow a restart. */
  public static final int SHUTDOWN_GRACE_MILLIS = 1000;

  private MicroOptions() {}

  /**
   * Where Payara Micro unpacks its runtime and Lux for one start: {@code dir}, emptied first. By
   * default it unpacks into a temporary directory that a JVM shutdown hook deletes at SIGTERM,
   * while the node still answers for its shutdown grace, and a class not loaded yet then fails to
   * load (README, "When things go wrong").
   */
  public static List<String> unpackedIn(Path dir) {
    try {
      ServerProcess.deleteTree(dir);
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of("--unpackdir", dir.toAbsolutePath().toString());
  }

  public static List<String> shared() {
    Path config = Path.of(System.getProperty("lux.serverConfig", "server-config")).toAbsolutePath();
    List<String> options = new ArrayList<>();
    // -Dlux.test.logProperties=<a logging.properties> replaces Payara Micro's own, e.g. to see
    // Hazelcast's INFO and FINE lines (Payara logs only its warnings) while chasing a cluster
    // fault.
    String logProperties = System.getProperty("lux.test.logProperties", "");
    if (!logProperties.isBlank()) {
      options.addAll(
          List.of("--logproperties", Path.of(logProperties).toAbsolutePath().toString()));
    }
    options.addAll(
        List.of(
            "--disablephonehome",
            "--prebootcommandfile",
            config.resolve("pre-boot-commands.txt").toString(),
            "--postdeploycommandfile",
            config.resolve("post-deploy-commands.txt").toString(),
            "--shutdowngrace",
            Integer.toString(SHUTDOWN_GRACE_MILLIS)));
    return options;
  }
}
