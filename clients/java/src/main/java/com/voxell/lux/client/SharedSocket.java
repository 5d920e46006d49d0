package com.voxell.lux.client;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one WebSocket a client shares between its watches ({@code /api/lux/stream?batch=1}). It opens
 * with the first watch and closes with the last; it resubscribes everything on every new socket,
 * reconnects after any close but its own with full-jitter backoff, replaces its token a margin
 * before expiry and at once after a 1008, and treats a socket silent for the heartbeat timeout as
 * dead. The socket's thread only parses, orders ({@link HeldStates}) and hands events to the {@link
 * Dispatcher}.
 */
final class SharedSocket {

  private static final System.Logger LOG = System.getLogger(SharedSocket.class.getName());

  /** The connection's tunables. */
  record Settings(Backoff backoff, Duration heartbeatTimeout, Duration connectTimeout) {}

  private final HttpClient http;
  private final URI uri;
  private final Credentials credentials;
  private final Settings settings;
  private final ScheduledExecutorService timer;
  private final Dispatcher dispatcher;
  private final Consumer<Status> status;
  private final Clock clock;

  // Guarded by this.
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final HeldStates held = new HeldStates();
  private WebSocket socket;
  private int generation;
  private int attempt;
  private boolean connecting;
  private boolean closed;
  private boolean freshToken;
  private Status current;
  private Instant lastFrame;
  private ScheduledFuture<?> deadCheck;
  private ScheduledFuture<?> refresh;

  SharedSocket(
      HttpClient http,
      URI uri,
      Credentials credentials,
      Settings settings,
      ScheduledExecutorService timer,
      Dispatcher dispatcher,
      Consumer<Status> status,
      Clock clock) {
    this.http = http;
    this.uri = uri;
    this.credentials = credentials;
    this.settings = settings;
    this.timer = timer;
    this.dispatcher = dispatcher;
    this.status = status;
    this.clock = clock;
  }

  /** Follows what {@code subscription} names; its listener first gets what this socket holds. */
  synchronized void add(Subscription subscription) {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
    List<String> newIds = new ArrayList<>();
    for (String id : subscription.ids) {
      if (!followsId(id)) {
        newIds.add(id);
      }
    }
    boolean newPrefix = subscription.prefix != null && !followsPrefix(subscription.prefix);
    subscriptions.add(subscription);
    // the broker sends a state once per socket: one already held is this listener's snapshot
    for (DocumentState state : held.held(subscription::covers)) {
      deliver(subscription, new LuxEvent(LuxEvent.Type.SNAPSHOT, state.id(), state, null, null));
    }
    if (socket != null) {
      if (!newIds.isEmpty()) {
        send(socket, subscribeIds("subscribe", newIds));
      }
      if (newPrefix) {
        send(socket, prefixMessage("subscribe", subscription.prefix));
      }
    } else if (!connecting) {
      connect();
    }
  }

  /** Stops following what only {@code subscription} followed; the socket closes with the last. */
  synchronized void remove(Subscription subscription) {
    subscription.active = false;
    if (!subscriptions.remove(subscription)) {
      return;
    }
    held.retain(this::follows);
    if (subscriptions.isEmpty()) {
      shut();
      setStatus(Status.CLOSED);
      return;
    }
    if (socket == null) {
      return;
    }
    List<String> goneIds = subscription.ids.stream().filter(id -> !followsId(id)).toList();
    if (!goneIds.isEmpty()) {
      send(socket, subscribeIds("unsubscribe", goneIds));
    }
    if (subscription.prefix != null && !followsPrefix(subscription.prefix)) {
      send(socket, prefixMessage("unsubscribe", subscription.prefix));
    }
  }

  synchronized DocumentState current(String id) {
    return held.get(id);
  }

  /** Closes the socket for good. */
  synchronized void close() {
    closed = true;
    subscriptions.forEach(subscription -> subscription.active = false);
    subscriptions.clear();
    shut();
    setStatus(Status.CLOSED);
  }

  private boolean follows(String id) {
    return subscriptions.stream().anyMatch(subscription -> subscription.covers(id));
  }

  private boolean followsId(String id) {
    return subscriptions.stream().anyMatch(subscription -> subscription.ids.contains(id));
  }

  private boolean followsPrefix(String prefix) {
    return subscriptions.stream().anyMatch(subscription -> prefix.equals(subscription.prefix));
  }

  // ---------------------------------------------------------------- connecting

  private void connect() {
    connecting = true;
    int mine = ++generation;
    setStatus(
        current == null || current == Status.CLOSED ? Status.CONNECTING : Status.RECONNECTING);
    String token;
    try {
      token = credentials.current(freshToken);
      freshToken = false;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Lux: no token for the stream: " + e.getMessage());
      retryLater(mine);
      return;
    }
    WebSocket.Builder builder =
        http.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    builder
        .buildAsync(uri, new Frames(mine))
        .whenComplete(
            (opened, failure) -> {
              if (failure != null) {
                lost(mine, "could not connect: " + failure);
              }
            });
  }

  private synchronized void opened(int mine, WebSocket opened) {
    if (mine != generation || closed || subscriptions.isEmpty()) {
      opened.abort();
      return;
    }
    connecting = false;
    socket = opened;
    lastFrame = clock.instant();
    Set<String> ids = new LinkedHashSet<>();
    List<String> prefixes = new ArrayList<>();
    for (Subscription subscription : subscriptions) {
      ids.addAll(subscription.ids);
      if (subscription.prefix != null && !prefixes.contains(subscription.prefix)) {
        prefixes.add(subscription.prefix);
      }
    }
    held.reconnecting(prefixes);
    if (!ids.isEmpty()) {
      send(opened, subscribeIds("subscribe", List.copyOf(ids)));
    }
    prefixes.forEach(prefix -> send(opened, prefixMessage("subscribe", prefix)));
    long checkEvery = Math.max(100, settings.heartbeatTimeout().toMillis() / 4);
    deadCheck =
        timer.scheduleAtFixedRate(
            () -> checkAlive(mine), checkEvery, checkEvery, TimeUnit.MILLISECONDS);
    scheduleTokenRefresh(mine);
    setStatus(Status.LIVE);
  }

  /**
   * The socket {@code mine} closed or failed: unless it was replaced or closed on purpose, retry.
   */
  private synchronized void lost(int mine, String why) {
    if (mine != generation || closed) {
      return;
    }
    LOG.log(System.Logger.Level.DEBUG, "Lux stream lost: " + why);
    int next = ++generation; // whatever the lost socket still reports is ignored from now on
    WebSocket gone = socket;
    socket = null;
    cancelTimers();
    if (gone != null) {
      gone.abort();
    }
    if (subscriptions.isEmpty()) {
      connecting = false;
      return;
    }
    retryLater(next);
  }

  private void retryLater(int mine) {
    connecting = true;
    setStatus(Status.RECONNECTING);
    long delay = settings.backoff().delayMillis(attempt++, ThreadLocalRandom.current()::nextDouble);
    timer.schedule(
        () -> {
          synchronized (this) {
            if (mine == generation && !closed && socket == null && !subscriptions.isEmpty()) {
              connect();
            }
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  private synchronized void checkAlive(int mine) {
    if (mine == generation
        && socket != null
        && Duration.between(lastFrame, clock.instant()).compareTo(settings.heartbeatTimeout())
            > 0) {
      lost(mine, "silent for " + settings.heartbeatTimeout());
    }
  }

  /** A margin before the token expires, a new socket carries a fresh one (snapshots catch up). */
  private void scheduleTokenRefresh(int mine) {
    Instant at = credentials.refreshAt();
    if (at == null) {
      return;
    }
    Instant now = clock.instant();
    long delay = Math.max(Duration.between(now, at).toMillis(), 1000);
    refresh =
        timer.schedule(
            () -> {
              synchronized (this) {
                if (mine == generation && socket != null) {
                  WebSocket old = socket;
                  socket = null;
                  cancelTimers();
                  old.sendClose(WebSocket.NORMAL_CLOSURE, "token refresh");
                  attempt = 0;
                  connect();
                }
              }
            },
            delay,
            TimeUnit.MILLISECONDS);
  }

  private void shut() {
    generation++;
    connecting = false;
    cancelTimers();
    if (socket != null) {
      WebSocket old = socket;
      socket = null;
      old.sendClose(WebSocket.NORMAL_CLOSURE, "closed").whenComplete((ok, e) -> old.abort());
    }
  }

  private void cancelTimers() {
    if (deadCheck != null) {
      deadCheck.cancel(false);
    }
    if (refresh != null) {
      refresh.cancel(false);
    }
  }

  private void setStatus(Status next) {
    if (next != current) {
      current = next;
      dispatcher.offer(() -> status.accept(next));
    }
  }

  // ---------------------------------------------------------------- messages

  private synchronized void received(int mine, String text) {
    if (mine != generation) {
      return;
    }
    lastFrame = clock.instant();
    attempt = 0;
    JsonValue parsed;
    try {
      parsed = JsonText.parse(text);
    } catch (RuntimeException e) {
      return;
    }
    // a batched frame holds several messages, oldest first
    if (parsed.getValueType() == JsonValue.ValueType.ARRAY) {
      for (JsonValue message : parsed.asJsonArray()) {
        if (message.getValueType() == JsonValue.ValueType.OBJECT) {
          dispatch(message.asJsonObject());
        }
      }
    } else if (parsed.getValueType() == JsonValue.ValueType.OBJECT) {
      dispatch(parsed.asJsonObject());
    }
  }

  private void dispatch(JsonObject message) {
    if ("error".equals(JsonText.string(message, "type"))) {
      error(message);
      return;
    }
    for (LuxEvent event : held.apply(message)) {
      for (Subscription subscription : subscriptions) {
        if (subscription.covers(event.id())) {
          deliver(subscription, event);
        }
      }
    }
  }

  private void error(JsonObject message) {
    int code = (int) JsonText.number(message, "status", 0);
    if (code == 401 && credentials.refreshable()) {
      freshToken = true; // an expired token: the 1008 that follows brings a fresh one, quietly
      return;
    }
    String id = JsonText.string(message, "id");
    String prefix = JsonText.string(message, "prefix");
    LuxEvent event =
        new LuxEvent(
            LuxEvent.Type.ERROR, id, null, null, Http.fromProblem(message, code, null, id));
    for (Subscription subscription : subscriptions) {
      boolean concerned =
          id != null
              ? subscription.covers(id)
              : prefix == null || prefix.equals(subscription.prefix);
      if (concerned) {
        dispatcher.offer(() -> tell(subscription, event));
      }
    }
  }

  private void deliver(Subscription subscription, LuxEvent event) {
    dispatcher.offer(new Key(subscription, event.id()), () -> tell(subscription, event));
  }

  private static void tell(Subscription subscription, LuxEvent event) {
    if (subscription.active) {
      subscription.listener.on(event);
    }
  }

  /** One listener's slot for one document: a newer event replaces the undelivered one. */
  private record Key(Subscription subscription, String id) {}

  private static void send(WebSocket socket, JsonObject message) {
    socket.sendText(JsonText.write(message), true);
  }

  private static JsonObject subscribeIds(String op, List<String> ids) {
    JsonArrayBuilder array = JsonText.BUILDERS.createArrayBuilder();
    ids.forEach(array::add);
    return JsonText.BUILDERS.createObjectBuilder().add("op", op).add("ids", array).build();
  }

  private static JsonObject prefixMessage(String op, String prefix) {
    return JsonText.BUILDERS.createObjectBuilder().add("op", op).add("prefix", prefix).build();
  }

  /**
   * The listener of one socket: its callbacks name their generation, so a replaced socket is
   * ignored.
   */
  private final class Frames implements WebSocket.Listener {
    private final int mine;
    private final StringBuilder partial = new StringBuilder();

    Frames(int mine) {
      this.mine = mine;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      opened(mine, webSocket);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        received(mine, text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      synchronized (SharedSocket.this) {
        if (mine == generation) {
          lastFrame = clock.instant();
        }
      }
      return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
      synchronized (SharedSocket.this) {
        if (code == 1008 && credentials.refreshable()) {
          freshToken = true;
          attempt = 0; // a refused token is replaced at once, not after a backoff
        }
      }
      lost(mine, "closed " + code + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      lost(mine, "failed: " + error);
    }
  }
}
