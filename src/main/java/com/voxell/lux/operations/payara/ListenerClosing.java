package com.voxell.lux.operations.payara;

import com.voxell.lux.operations.control.ClosedPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.api.event.EventListener;
import org.glassfish.api.event.EventTypes;
import org.glassfish.api.event.Events;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.CommandRunner;
import org.glassfish.internal.api.Globals;

/**
 * Closes Payara Micro's HTTP listener when the server begins to stop, before it undeploys Lux.
 *
 * <p>Payara Micro stops in this order (its shutdown hook, then {@code AppServerStartup.stop}): it
 * waits out {@code --shutdowngrace}, sends {@code PREPARE_SHUTDOWN} to its event listeners,
 * undeploys every application, and only then closes its listeners. Between the last two steps the
 * listener still accepts connections and what answers them is no longer Lux but the web container:
 * its own 503 page for a context that is stopping, or an empty 500. So on {@code PREPARE_SHUTDOWN},
 * which the stopping thread sends and waits for, Lux first runs {@code beforeClosing} (closing its
 * stream connections with 1001: the closing listener would cut them without a close frame), then
 * disables the listener with the same admin command its post-deploy command file enabled it with.
 * Payara applies that change on its own threads after the command has returned, so Lux then waits
 * until the listener's port refuses connections: undeploying Lux while it still accepted them let a
 * request reach the stopping application (Payara's bare 503 for a context being stopped, or its 500
 * page). Closing the listener also closes the connections it holds; from then on a client
 * reconnects, and its load balancer sends it elsewhere.
 *
 * <p>Only where Lux's command files are in use, that is where the listener was still closed while
 * Lux started (pre-boot closed it, post-deploy opens it once the deployment is done): any other
 * server keeps its listeners as configured, and on Payara Server a {@code set} would also persist.
 */
public final class ListenerClosing implements EventListener {

  private static final Logger LOG = Logger.getLogger(ListenerClosing.class.getName());

  /** The listener that server-config/post-deploy-commands.txt opens. */
  static final String LISTENER =
      "configs.config.server-config.network-config.network-listeners.network-listener"
          + ".http-listener";

  static final String ENABLED = LISTENER + ".enabled";

  /** How long to wait for the listener to refuse connections once it is disabled. */
  static final Duration CLOSING_PATIENCE = Duration.ofSeconds(5);

  private final CommandRunner commands;
  private final Runnable beforeClosing;
  private final InetSocketAddress listener;

  private ListenerClosing(
      CommandRunner commands, Runnable beforeClosing, InetSocketAddress listener) {
    this.commands = commands;
    this.beforeClosing = beforeClosing;
    this.listener = listener;
  }

  /**
   * Registers with the running server, if it is a Payara started with Lux's command files; call
   * while Lux starts (after that the post-deploy command has opened the listener).
   *
   * @return what unregisters it, so an undeployed Lux leaves nothing behind in the server (a {@code
   *     Runnable}, so no class outside this package names a Payara type)
   */
  public static Optional<Runnable> ofServer(Runnable beforeClosing) {
    try {
      Events events = Globals.get(Events.class);
      CommandRunner commands = Globals.get(CommandRunner.class);
      if (events == null || commands == null || !closedWhileStarting(commands)) {
        return Optional.empty();
      }
      InetSocketAddress listener = address(commands);
      ListenerClosing closing = new ListenerClosing(commands, beforeClosing, listener);
      LOG.info(
          "lux: closes the HTTP listener on "
              + listener.getHostString()
              + ":"
              + listener.getPort()
              + " before Payara undeploys it");
      events.register(closing);
      return Optional.of(() -> events.unregister(closing));
    } catch (RuntimeException e) {
      // a server that carries the API but not these services must still run Lux
      LOG.log(Level.WARNING, "lux: cannot close the HTTP listener before undeploying", e);
      return Optional.empty();
    }
  }

  private static boolean closedWhileStarting(CommandRunner commands) {
    return "false".equals(setting(commands, ENABLED));
  }

  /** Where the listener accepts connections; a wildcard address is reached on loopback. */
  private static InetSocketAddress address(CommandRunner commands) {
    String host = setting(commands, LISTENER + ".address");
    String port = setting(commands, LISTENER + ".port");
    try {
      InetAddress address = InetAddress.getByName(host);
      return new InetSocketAddress(
          address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address,
          Integer.parseInt(port));
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalStateException(
          "the HTTP listener's address is unknown: " + host + ":" + port, e);
    }
  }

  /** A configuration value as {@code get} prints it ({@code name=value}), or {@code null}. */
  private static String setting(CommandRunner commands, String name) {
    CommandResult result = commands.run("get", name);
    if (result.getExitStatus() != CommandResult.ExitStatus.SUCCESS) {
      return null;
    }
    for (String line : result.getOutput().split("\\R")) {
      String setting = line.strip(); // the output indents it
      if (setting.startsWith(name + "=")) {
        return setting.substring(name.length() + 1).strip();
      }
    }
    return null;
  }

  @Override
  public void event(Event<?> event) {
    if (!event.is(EventTypes.PREPARE_SHUTDOWN)) {
      return;
    }
    beforeClosing.run();
    CommandResult result = commands.run("set", ENABLED + "=false");
    if (result.getExitStatus() == CommandResult.ExitStatus.FAILURE) {
      LOG.log(
          Level.WARNING,
          "lux stopping: could not close the HTTP listener before undeploying: "
              + result.getOutput(),
          result.getFailureCause());
      return;
    }
    try {
      if (ClosedPort.await(listener, CLOSING_PATIENCE)) {
        LOG.info("lux stopping: HTTP listener closed, Payara undeploys Lux next");
      } else {
        LOG.warning(
            "lux stopping: the HTTP listener still accepted connections "
                + CLOSING_PATIENCE.toSeconds()
                + " s after it was disabled; Payara undeploys Lux under it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
