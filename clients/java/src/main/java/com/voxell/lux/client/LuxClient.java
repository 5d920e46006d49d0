package com.voxell.lux.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection to one Lux: publishes documents over HTTP and follows them over one shared
 * WebSocket. Thread-safe; make one per broker and credential and share it.
 *
 * <pre>{@code
 * LuxClient lux = LuxClient.builder("http://127.0.0.1:8080/api/lux").apiKey(key).build();
 * lux.put("job-1", Json.createObjectBuilder().add("step", "fetching").build(),
 *     WriteOptions.NONE.lease(Duration.ofSeconds(30)));
 * lux.watchPrefix("job-", event -> System.out.println(event.type() + " " + event.id()));
 * }</pre>
 */
public final class LuxClient implements AutoCloseable {

  private final Http http;
  private final SharedSocket socket;
  private final ScheduledExecutorService timer;
  private final Dispatcher dispatcher;
  private final List<Consumer<Status>> statusListeners = new CopyOnWriteArrayList<>();

  private LuxClient(Builder builder) {
    Credentials credentials =
        new Credentials(builder.key, builder.tokens, builder.tokenRefreshMargin, builder.clock);
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(builder.connectTimeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.http = new Http(client, builder.endpoint, credentials, builder.requestTimeout);
    this.timer =
        Executors.newScheduledThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "lux-client-timer");
              thread.setDaemon(true);
              return thread;
            });
    this.dispatcher = new Dispatcher("lux-client-listeners");
    this.socket =
        new SharedSocket(
            client,
            streamUri(builder.endpoint),
            credentials,
            new SharedSocket.Settings(
                new Backoff(builder.backoffInitial, builder.backoffMax),
                builder.heartbeatTimeout,
                builder.connectTimeout),
            timer,
            dispatcher,
            status -> statusListeners.forEach(listener -> listener.accept(status)),
            builder.clock);
  }

  /**
   * A client of the Lux whose HTTP API is at {@code endpoint}, e.g. {@code
   * https://lux.example.com/api/lux}.
   */
  public static Builder builder(String endpoint) {
    return new Builder(URI.create(endpoint.replaceAll("/+$", "")));
  }

  private static URI streamUri(URI endpoint) {
    String scheme = endpoint.getScheme().equals("https") ? "wss" : "ws";
    return URI.create(
        scheme + endpoint.toString().substring(endpoint.getScheme().length()) + "/stream?batch=1");
  }

  // ---------------------------------------------------------------- publishing

  /** Creates or replaces the document's data. */
  public Receipt put(String id, JsonObject data) {
    return put(id, data, WriteOptions.NONE);
  }

  /** Creates or replaces the document's data, with a lease, ttl, stall time or If-Match. */
  public Receipt put(String id, JsonObject data, WriteOptions options) {
    return receipt(
        http.send(
            "PUT", Http.path(id), Http.JSON, Writes.body(data, options), options.ifMatch(), id));
  }

  /** Merge-patches the document's data (RFC 7396: {@code null} removes a field). */
  public Receipt patch(String id, JsonObject partial) {
    return patch(id, partial, WriteOptions.NONE);
  }

  /** Merge-patches the document's data, with options. */
  public Receipt patch(String id, JsonObject partial, WriteOptions options) {
    return receipt(
        http.send(
            "PATCH",
            Http.path(id),
            Http.MERGE_PATCH,
            Writes.body(partial, options),
            options.ifMatch(),
            id));
  }

  /** Deletes the document; subscribers are told {@code deleted}. */
  public void delete(String id) {
    delete(id, null);
  }

  /**
   * Deletes the document if it has the entity tag {@code ifMatch} ({@code null}: whatever it has).
   */
  public void delete(String id, String ifMatch) {
    http.send("DELETE", Http.path(id), null, null, ifMatch, id);
  }

  /**
   * Renews the document's lease without a write: no new version, no {@code update}; a stale
   * document is live again.
   *
   * @param lease the new lease, or {@code null} to keep the document's
   * @param ifMatch the entity tag the document must have, or {@code null}
   */
  public Renewal renew(String id, Duration lease, String ifMatch) {
    String body =
        lease == null
            ? null
            : JsonText.write(
                JsonText.BUILDERS
                    .createObjectBuilder()
                    .add("lease", JsonText.seconds(lease))
                    .build());
    JsonObject answer = http.send("POST", Http.path(id) + "/lease", Http.JSON, body, ifMatch, id);
    return new Renewal(
        JsonText.string(answer, "id"),
        JsonText.number(answer, "version", 0),
        JsonText.string(answer, "epoch"),
        JsonText.instant(answer, "updatedAt"),
        JsonText.instant(answer, "leaseExpiresAt"));
  }

  /** The document's current state; a {@link LuxException} 404 when it does not exist. */
  public DocumentState get(String id) {
    return DocumentState.of(http.send("GET", Http.path(id), null, null, null, id));
  }

  /**
   * Many writes in one call, applied one after the other: one result per write, in order. A refused
   * write changes nothing and does not stop the others; only a batch that cannot be read at all
   * throws.
   */
  public List<BatchResult> batch(List<BatchWrite> writes) {
    JsonArrayBuilder array = JsonText.BUILDERS.createArrayBuilder();
    writes.forEach(write -> array.add(write.toJson()));
    String body =
        JsonText.write(JsonText.BUILDERS.createObjectBuilder().add("writes", array).build());
    JsonArray results =
        http.send("POST", "/batch", Http.JSON, body, null, null).getJsonArray("results");
    List<BatchResult> outcomes = new ArrayList<>(results.size());
    for (JsonValue value : results) {
      outcomes.add(batchResult(value.asJsonObject()));
    }
    return outcomes;
  }

  private static BatchResult batchResult(JsonObject result) {
    String id = JsonText.string(result, "id");
    int status = (int) JsonText.number(result, "status", 0);
    JsonValue problem = result.get("problem");
    if (problem instanceof JsonObject refusal) {
      long retry = JsonText.number(result, "retryAfter", -1);
      return new BatchResult(
          id,
          status,
          null,
          Http.fromProblem(refusal, status, retry < 0 ? null : Duration.ofSeconds(retry), id));
    }
    Receipt receipt =
        result.containsKey("version")
            ? new Receipt(
                id, JsonText.number(result, "version", 0), JsonText.string(result, "epoch"), null)
            : null;
    return new BatchResult(id, status, receipt, null);
  }

  private static Receipt receipt(JsonObject answer) {
    return new Receipt(
        JsonText.string(answer, "id"),
        JsonText.number(answer, "version", 0),
        JsonText.string(answer, "epoch"),
        JsonText.instant(answer, "updatedAt"));
  }

  /** Starts describing an agent's run, published as document {@code id}: see {@link Job}. */
  public Job.Builder job(String id) {
    return new Job.Builder(this, timer, id);
  }

  // ---------------------------------------------------------------- following

  /** Follows one document: its snapshot (when it exists), then every change. */
  public Watch watch(String id, LuxListener listener) {
    return watch(List.of(id), listener);
  }

  /** Follows these documents over the client's shared socket. */
  public Watch watch(List<String> ids, LuxListener listener) {
    return start(Subscription.ofIds(new LinkedHashSet<>(ids), listener));
  }

  /** Follows every document under {@code prefix}, present and future. */
  public Watch watchPrefix(String prefix, LuxListener listener) {
    return start(Subscription.ofPrefix(Objects.requireNonNull(prefix, "prefix"), listener));
  }

  private Watch start(Subscription subscription) {
    Objects.requireNonNull(subscription.listener, "listener");
    socket.add(subscription);
    return new Watch(socket, subscription);
  }

  /**
   * Tells {@code listener} every change of the stream's status ({@link Status}), on the listener
   * thread, in order with the events.
   */
  public void onStatus(Consumer<Status> listener) {
    statusListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Closes the socket, stops every job's renewals and the listener thread. */
  @Override
  public void close() {
    socket.close();
    timer.shutdownNow();
    dispatcher.close();
  }

  /**
   * How a client connects: exactly one credential ({@link #apiKey} or {@link #tokens}) and the
   * tunables of the stream, whose defaults are those of the JavaScript client.
   */
  public static final class Builder {
    private final URI endpoint;
    private Token key;
    private Supplier<Token> tokens;
    private Duration tokenRefreshMargin = Duration.ofSeconds(30);
    private Duration backoffInitial = Duration.ofMillis(500);
    private Duration backoffMax = Duration.ofSeconds(30);
    private Duration heartbeatTimeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder(URI endpoint) {
      this.endpoint = endpoint;
    }

    /** A fixed credential: an API key (or a token that outlives the client). */
    public Builder apiKey(String value) {
      this.key = Token.of(value);
      return this;
    }

    /**
     * Short-lived tokens: {@code supplier} is called for the first, again {@link
     * #tokenRefreshMargin} before each expires, and whenever Lux refuses one (HTTP 401, socket
     * close 1008). It may block (a call to a token service); it is never called by two threads at
     * once.
     */
    public Builder tokens(Supplier<Token> supplier) {
      this.tokens = supplier;
      return this;
    }

    /** How long before expiry a token is replaced (default 30 s). */
    public Builder tokenRefreshMargin(Duration value) {
      this.tokenRefreshMargin = value;
      return this;
    }

    /**
     * Reconnect delays: full jitter, {@code random × min(max, initial × 2^attempt)} (500 ms, 30 s).
     */
    public Builder backoff(Duration initial, Duration max) {
      this.backoffInitial = initial;
      this.backoffMax = max;
      return this;
    }

    /**
     * A socket that delivers no frame for this long is taken for dead and replaced (default 60 s;
     * Lux sends a heartbeat after 25 s of silence).
     */
    public Builder heartbeatTimeout(Duration value) {
      this.heartbeatTimeout = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** How long an HTTP call may take (default 30 s). */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public LuxClient build() {
      if ((key == null) == (tokens == null)) {
        throw new IllegalStateException("give exactly one credential: apiKey(…) or tokens(…)");
      }
      return new LuxClient(this);
    }
  }
}
