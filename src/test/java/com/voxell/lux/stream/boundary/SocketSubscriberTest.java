package com.voxell.lux.stream.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pings and the dead-socket rule, on a stand-in session that records what is done to it. */
class SocketSubscriberTest {

  private static final long SECOND = 1_000_000_000L;

  private final List<String> calls = new ArrayList<>();
  private final RemoteEndpoint.Async remote =
      (RemoteEndpoint.Async)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {RemoteEndpoint.Async.class},
              (proxy, method, args) -> {
                calls.add(method.getName());
                return null;
              });
  private final Session session =
      (Session)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Session.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "isOpen" -> true;
                    case "close" -> {
                      calls.add("close " + ((CloseReason) args[0]).getCloseCode().getCode());
                      yield null;
                    }
                    default -> null;
                  });

  private final SocketSubscriber subscriber =
      new SocketSubscriber(session, false, Runnable::run, 25 * SECOND, 25 * SECOND, text -> {});

  @Test
  void theFirstPingComesWhenAskedThenEveryInterval() {
    SocketSubscriber spread =
        new SocketSubscriber(session, false, Runnable::run, 25 * SECOND, 7 * SECOND, text -> {});
    spread.tick(6 * SECOND);
    assertThat(calls).isEmpty();
    spread.tick(7 * SECOND);
    spread.ponged(8 * SECOND);
    spread.tick(31 * SECOND);
    assertThat(calls).containsExactly("sendPing");
    spread.tick(32 * SECOND);
    assertThat(calls).containsExactly("sendPing", "sendPing");
  }

  @Test
  void pingsEveryIntervalWhilePongsCome() {
    subscriber.tick(10 * SECOND);
    assertThat(calls).isEmpty();
    subscriber.tick(25 * SECOND);
    subscriber.ponged(26 * SECOND);
    subscriber.tick(50 * SECOND);
    subscriber.ponged(51 * SECOND);
    subscriber.tick(75 * SECOND);
    assertThat(calls).containsExactly("sendPing", "sendPing", "sendPing");
  }

  @Test
  void aSocketThatLeavesTwoPingsUnansweredIsClosed() {
    subscriber.tick(25 * SECOND);
    subscriber.tick(50 * SECOND);
    assertThat(calls).containsExactly("sendPing", "sendPing");
    subscriber.tick(75 * SECOND);
    assertThat(calls).containsExactly("sendPing", "sendPing", "close 1001");
  }
}
