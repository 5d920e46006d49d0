package com.voxell.lux.operations.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClosedPortTest {

  @Test
  void returnsOnceTheListenerClosesNotBefore() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
      CompletableFuture<Boolean> closed =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ClosedPort.await(address, Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });

      listener.setSoTimeout(5_000);
      listener.accept().close(); // the waiter connects, and asks again
      listener.accept().close();
      assertThat(closed).isNotDone();
      listener.close();

      assertThat(closed.get(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void givesUpWhileTheListenerStillAccepts() throws IOException, InterruptedException {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();

      assertThat(ClosedPort.await(address, Duration.ofMillis(200))).isFalse();
    }
  }

  @Test
  void aPortNobodyListensOnIsClosedAtOnce() throws Exception {
    InetSocketAddress address;
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      address = (InetSocketAddress) listener.getLocalSocketAddress();
    }

    assertThat(ClosedPort.await(address, Duration.ofSeconds(5))).isTrue();
  }
}
