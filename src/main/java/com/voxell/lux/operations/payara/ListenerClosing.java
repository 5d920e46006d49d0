package com.voxell.lux.operations.payara;

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
 * The command returns once the server has closed the listener; from then on a new connection is
 * refused and the client retries elsewhere.
 *
 * <p>Only where Lux's command files are in use, that is where the listener was still closed while
 * Lux started (pre-boot closed it, post-deploy opens it once the deployment is done): any other
 * server keeps its listeners as configured, and on Payara Server a {@code set} would also persist.
 */
public final class ListenerClosing implements EventListener {

  private static final Logger LOG = Logger.getLogger(ListenerClosing.class.getName());

  /** The listener that server-config/post-deploy-commands.txt opens. */
  static final String ENABLED =
      "configs.config.server-config.network-config.network-listeners.network-listener"
          + ".http-listener.enabled";

  private final CommandRunner commands;
  private final Runnable beforeClosing;

  private ListenerClosing(CommandRunner commands, Runnable beforeClosing) {
    this.commands = commands;
    this.beforeClosing = beforeClosing;
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
      ListenerClosing closing = new ListenerClosing(commands, beforeClosing);
      events.register(closing);
      return Optional.of(() -> events.unregister(closing));
    } catch (RuntimeException e) {
      // a server that carries the API but not these services must still run Lux
      LOG.log(Level.WARNING, "lux: cannot close the HTTP listener before undeploying", e);
      return Optional.empty();
    }
  }

  private static boolean closedWhileStarting(CommandRunner commands) {
    CommandResult result = commands.run("get", ENABLED);
    return result.getExitStatus() == CommandResult.ExitStatus.SUCCESS
        && result.getOutput().contains(ENABLED + "=false");
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
    } else {
      LOG.info("lux stopping: HTTP listener closed, Payara undeploys Lux next");
    }
  }
}
