package com.voxell.lux.operations.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Waits until a listening port refuses connections: how a server that closes its listener in the
 * background (Payara applies a configuration change on its own threads, after the command that made
 * it has returned) is known to have closed it. Only a refused connection counts: a connection that
 * times out is a busy server, asked again.
 */
public final class ClosedPort {

  /** How long one connection attempt may take before it is tried again. */
  private static final int CONNECT_TIMEOUT_MILLIS = 250;

  /** How long to wait between two attempts that connected. */
  private static final Duration BETWEEN_ATTEMPTS = Duration.ofMillis(10);

  private ClosedPort() {}

  /**
   * @return {@code true} once a connection to {@code address} is refused, {@code false} if it was
   *     still accepted when {@code patience} ran out
   */
  public static boolean await(InetSocketAddress address, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(address, CONNECT_TIMEOUT_MILLIS);
      } catch (ConnectException refused) {
        return true;
      } catch (SocketTimeoutException busy) {
        // the listener did not answer in time: still open, or too busy to tell; ask again
      } catch (IOException other) {
        // reset or closed under the attempt: ask again
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(BETWEEN_ATTEMPTS.toMillis());
    }
  }
}
