/*
 * lux.js: the Lux client, one file with no build step.
 *
 * - In a browser as a classic script (<script src="/lux.js">) it defines the global `lux`.
 * - As an ES module, import `lux.mjs` (which imports this file and re-exports the same `lux`).
 * - In Node 18+ `require('./lux.js')` returns `lux`; `put`/`patch` use the global `fetch`, so agents
 *   written in JavaScript can publish their state with it.
 *
 * Wire contract: docs/PROTOCOL.md (live stream messages, HTTP calls). Types: lux.d.ts.
 */
(function (global) {
  'use strict';

  // Loaded twice (the classic script and lux.mjs on one page): keep the first, so the page still has
  // one client and one socket per endpoint.
  if (global.lux && global.lux.isLuxClient) {
    if (typeof module === 'object' && module && typeof module.exports === 'object') module.exports = global.lux;
    return;
  }

  /**
   * Every tunable of the client in one place. `lux.DEFAULTS` may be changed before handles are made;
   * options given to `lux(id, options)` override it per handle.
   */
  const DEFAULTS = {
    /** HTTP base of the broker, e.g. `https://broker.example.com/api/lux`; default: the origin that served this script. */
    endpoint: undefined,
    /** WebSocket URL; default: `endpoint` with ws(s) and `/stream`. A per-document URL (`…/stream/{id}`) is honoured. */
    websocketUrl: undefined,
    /** A static credential (a key); browsers should prefer short-lived tokens. */
    apiKey: undefined,
    /** A static token. */
    token: undefined,
    /** Async provider of a token: returns a string or `{ token, expiresAt }`; called again near expiry or on refusal. */
    getToken: undefined,
    /** Follow changes live (WebSocket, falling back to Server-Sent Events). `false`: one HTTP read per `load`. */
    realtime: true,
    /** `'auto'` (WebSocket, then SSE when WebSocket cannot connect), `'websocket'` or `'sse'`. */
    transport: 'auto',
    /** Reconnect delays: full jitter, `random() * min(max, initial * 2^attempt)`. */
    backoffInitialMs: 500,
    backoffMaxMs: 30000,
    /** The server sends a heartbeat after 25 s of silence; hearing nothing for this long means the socket is dead. */
    heartbeatTimeoutMs: 60000,
    /** Fetch a fresh token this long before the current one expires. */
    tokenRefreshMarginMs: 30000,
    /** Consecutive WebSocket attempts that never opened before `'auto'` switches to SSE. */
    sseAfterFailures: 2,
    /** How long a socket outlives its last handle, so a widget re-created at once reuses it. */
    lingerMs: 1000,
    /** `put`/`patch` go over the shared socket while it is open (one frame, no HTTP round trip); else HTTP. */
    socketWrites: true,
    /** A roll-up over Server-Sent Events (which cannot carry one) is read over HTTP this often. */
    rollupPollMs: 2000,
    /** Injection points (tests, non-browser runtimes); default: the global ones. */
    WebSocket: undefined,
    EventSource: undefined,
    fetch: undefined,
  };

  /** The values of a handle's `status` event. */
  const STATUS = Object.freeze({
    CONNECTING: 'connecting',
    LIVE: 'live',
    RECONNECTING: 'reconnecting',
    CLOSED: 'closed',
  });

  const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
  const CLOSE_REFUSED = 1008;
  const CLOSE_NORMAL = 1000;
  const CLOSE_HEARTBEAT = 4000;

  // The origin that served this script, captured while it runs (a classic script knows its src).
  const doc = global.document;
  const script = doc && doc.currentScript;
  const scriptEndpoint = script && script.src ? new URL('/api/lux', script.src).href : undefined;

  /** A refusal from the broker: an HTTP problem, a stream `error` message or a refused socket. */
  class LuxError extends Error {
    /** @param {{status?:number,type?:string,title?:string,detail?:string,code?:number,id?:string}} problem */
    constructor(problem) {
      super(problem.detail || problem.title || 'Lux error');
      this.name = 'LuxError';
      this.status = problem.status;
      this.type = problem.type;
      this.title = problem.title;
      this.detail = problem.detail;
      this.code = problem.code;
      this.id = problem.id;
    }
  }

  // ---------------------------------------------------------------- pure rules (unit-tested)

  /**
   * Whether `incoming` (epoch, version) should replace `held`. Latest state wins: a new epoch always
   * wins, except an epoch this client has already moved past (`retired`); within one epoch a higher
   * version does, and the same version does only when its `derived` values differ (the broker marks a
   * job stalled without a write, so without a new version).
   * @param {{epoch?:string,version?:number}|null} held
   * @param {{epoch?:string,version?:number}} incoming
   * @param {Set<string>} [retired]
   */
  function isNewer(held, incoming, retired) {
    if (!incoming || incoming.epoch == null || typeof incoming.version !== 'number') return false;
    if (retired && retired.has(incoming.epoch)) return false;
    if (!held || held.epoch == null) return true;
    if (incoming.epoch !== held.epoch) return true;
    if (incoming.version !== held.version) return incoming.version > held.version;
    return incoming.derived != null && JSON.stringify(incoming.derived) !== JSON.stringify(held.derived);
  }

  /**
   * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter").
   * @param {number} attempt 0 for the first retry
   * @param {{backoffInitialMs:number,backoffMaxMs:number}} options
   * @param {() => number} [random]
   */
  function backoffDelay(attempt, options, random) {
    const cap = Math.min(options.backoffMaxMs, options.backoffInitialMs * Math.pow(2, Math.min(attempt, 30)));
    return Math.floor((random || Math.random)() * cap);
  }

  /**
   * What `getToken()` returned, as `{ token, expiresAt }` (milliseconds since the epoch or null).
   * Accepts a string (a JWT's `exp` is read when present) or an object with `expiresAt` (ISO or ms).
   */
  function parseToken(value) {
    if (value == null) return { token: undefined, expiresAt: null };
    if (typeof value === 'string') return { token: value, expiresAt: jwtExpiry(value) };
    const token = value.token || value.access_token;
    let expiresAt = value.expiresAt != null ? value.expiresAt : null;
    if (typeof expiresAt === 'string') expiresAt = Date.parse(expiresAt);
    if (expiresAt == null || Number.isNaN(expiresAt)) expiresAt = jwtExpiry(token);
    return { token, expiresAt };
  }

  function jwtExpiry(token) {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3) return null;
    try {
      const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = typeof atob === 'function' ? atob(base64) : Buffer.from(base64, 'base64').toString('utf8');
      const exp = JSON.parse(json).exp;
      return typeof exp === 'number' ? exp * 1000 : null;
    } catch (e) {
      return null;
    }
  }

  /**
   * Where the stream lives for these options: `{ url, shared }`. `shared` sockets are the multiplexed
   * `/stream` (subscribe by ids or prefix); an explicit per-document URL `…/stream/{id}` is turned into
   * its multiplexed sibling so every handle of the page can share one socket. Any other explicit URL is
   * used as given, for that document alone. Lux's own sockets ask for batched frames (`batch=1`: a
   * frame may hold a JSON array of messages), which a busy fleet needs to keep up.
   */
  function streamTarget(options, id) {
    const explicit = options.websocketUrl;
    if (explicit) {
      const url = new URL(explicit, baseHref());
      const match = /\/stream\/([^/]+)$/.exec(url.pathname);
      if (match && (id == null || decodeURIComponent(match[1]) === id)) {
        url.pathname = url.pathname.slice(0, match.index) + '/stream';
        return { url: batched(url), shared: true };
      }
      const shared = /\/stream$/.test(url.pathname);
      return { url: shared ? batched(url) : url.href, shared };
    }
    const url = new URL(resolveEndpoint(options) + '/stream');
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { url: batched(url), shared: true };
  }

  function batched(url) {
    url.searchParams.set('batch', '1');
    return url.href;
  }

  function baseHref() {
    return global.location && global.location.href ? global.location.href : 'http://127.0.0.1/';
  }

  function resolveEndpoint(options) {
    const given = options.endpoint || DEFAULTS.endpoint || scriptEndpoint || new URL('/api/lux', baseHref()).href;
    return new URL(given, baseHref()).href.replace(/\/+$/, '');
  }

  function withToken(url, token) {
    if (!token) return url;
    const u = new URL(url);
    u.searchParams.set('access_token', token);
    return u.href;
  }

  function options(given) {
    const merged = Object.assign({}, DEFAULTS, given || {});
    merged.endpoint = resolveEndpoint(merged);
    return merged;
  }

  function metaOf(message) {
    return {
      id: message.id,
      version: message.version,
      epoch: message.epoch,
      updatedAt: message.updatedAt,
      stale: Boolean(message.stale),
      writer: message.writer,
      lease: message.lease,
      expiresAt: message.expiresAt,
      derived: message.derived,
    };
  }

  // ---------------------------------------------------------------- events

  class Emitter {
    constructor() {
      this.listeners = new Map();
    }
    /** Registers `fn` for `event`; returns a function that removes it. */
    on(event, fn) {
      if (!this.listeners.has(event)) this.listeners.set(event, new Set());
      this.listeners.get(event).add(fn);
      return () => this.listeners.get(event).delete(fn);
    }
    emit(event, ...args) {
      const set = this.listeners.get(event);
      if (!set) return;
      for (const fn of Array.from(set)) {
        try {
          fn(...args);
        } catch (e) {
          reportLater(e);
        }
      }
    }
  }

  // A listener's mistake must not break the client's own bookkeeping.
  function reportLater(error) {
    setTimeout(() => {
      throw error;
    }, 0);
  }

  // ---------------------------------------------------------------- credentials

  /** One credential per connection: a key, a token, or a token provider refreshed near expiry. */
  class Credential {
    constructor(opts) {
      this.apiKey = opts.apiKey;
      this.getToken = opts.getToken;
      this.margin = opts.tokenRefreshMarginMs;
      const parsed = parseToken(opts.token);
      this.token = parsed.token;
      this.expiresAt = parsed.expiresAt;
      this.pending = null;
    }
    static key(opts) {
      if (opts.apiKey) return 'key:' + opts.apiKey;
      if (opts.getToken) return 'provider:' + providerId(opts.getToken);
      if (opts.token) return 'token:' + (typeof opts.token === 'string' ? opts.token : opts.token.token);
      return 'none';
    }
    /** The credential to present; asks `getToken()` when there is none, it is near expiry, or `fresh`. */
    async current(fresh) {
      if (this.apiKey) return this.apiKey;
      if (!this.getToken) return this.token;
      const expiring = this.expiresAt != null && Date.now() >= this.expiresAt - this.margin;
      if (fresh || !this.token || expiring) {
        if (!this.pending) {
          this.pending = Promise.resolve()
            .then(() => this.getToken())
            .then((value) => {
              const parsed = parseToken(value);
              this.token = parsed.token;
              this.expiresAt = parsed.expiresAt;
              return this.token;
            })
            .finally(() => {
              this.pending = null;
            });
        }
        return this.pending;
      }
      return this.token;
    }
    /** Milliseconds until the token should be refreshed, or null if it never needs to be. */
    refreshIn() {
      if (!this.getToken || this.apiKey || this.expiresAt == null) return null;
      return Math.max(0, this.expiresAt - this.margin - Date.now());
    }
  }

  const providers = new WeakMap();
  let nextProvider = 1;
  function providerId(fn) {
    if (!providers.has(fn)) providers.set(fn, nextProvider++);
    return providers.get(fn);
  }

  // ---------------------------------------------------------------- HTTP

  async function http(opts, credential, method, path, body, contentType, ifMatch) {
    const fetchFn = opts.fetch || global.fetch;
    if (!fetchFn) throw new LuxError({ title: 'No fetch', detail: 'this runtime has no fetch(); pass options.fetch' });
    for (let attempt = 0; ; attempt++) {
      const headers = { Accept: 'application/json' };
      const secret = await credential.current(attempt > 0);
      if (secret) headers.Authorization = 'Bearer ' + secret;
      if (body !== undefined) headers['Content-Type'] = contentType;
      if (ifMatch) headers['If-Match'] = ifMatch;
      const response = await fetchFn(opts.endpoint + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.status === 401 && credential.getToken && attempt === 0) continue;
      if (response.status === 204 || response.status === 304) return null;
      const text = await response.text();
      const json = text ? safeJson(text) : null;
      if (!response.ok) {
        throw new LuxError(Object.assign({ status: response.status, title: response.statusText }, json || {}));
      }
      return json;
    }
  }

  function safeJson(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return { detail: text };
    }
  }

  function writeBody(data, opts) {
    const body = { data };
    if (opts && opts.lease != null) body.lease = opts.lease;
    if (opts && opts.ttl != null) body.ttl = opts.ttl;
    return body;
  }

  // ---------------------------------------------------------------- connections

  const connections = new Map();

  /** The one connection for a stream URL and credential, shared by every handle and fleet of the page. */
  function connectionFor(opts, id) {
    const target = streamTarget(opts, id);
    const key = target.url + ' ' + Credential.key(opts) + (target.shared ? '' : ' ' + id);
    let connection = connections.get(key);
    if (!connection) {
      connection = new Connection(key, target, opts);
      connections.set(key, connection);
    }
    return connection;
  }

  /**
   * What the listeners of one connection follow, and which listener each message is for. Remembers
   * the newest state of each document and roll-up the socket carried, so a listener that comes later
   * starts from it.
   */
  class Subscriptions {
    constructor(shared) {
      this.shared = shared;
      this.listeners = new Set();
      // The newest state of each document this socket has carried. The broker sends a state once per
      // socket, so a handle that subscribes later (e.g. to an id a fleet already follows) starts here.
      this.latest = new Map();
      // The newest roll-up of each followed prefix, for a roll-up listener that comes later.
      this.rollups = new Map();
      // Ids subscribed in one tick go out in one message (twenty widgets, one frame).
      this.pendingIds = new Set();
    }

    /** A new socket: the broker sends every state again. */
    forget() {
      this.latest.clear();
      this.rollups.clear();
    }

    stillWanted(listener) {
      for (const other of this.listeners) {
        if (other.kind === listener.kind && other.value === listener.value) return true;
      }
      return false;
    }

    /** Hands a listener that just subscribed what the socket already carried for it. */
    replay(listener) {
      for (const message of this.latest.values()) {
        if (this.matches(listener, message)) listener.onMessage(message);
      }
      if (listener.kind === 'rollup' && this.rollups.has(listener.value)) listener.onMessage(this.rollups.get(listener.value));
    }

    /** The ids waiting to be subscribed, emptied. */
    takePendingIds() {
      const ids = Array.from(this.pendingIds);
      this.pendingIds.clear();
      return ids;
    }

    /** Remembers a message and hands it to every listener it is for. */
    deliver(message) {
      this.remember(message);
      if (message.type === 'rollup') this.rollups.set(message.prefix, message);
      for (const listener of Array.from(this.listeners)) {
        if (this.matches(listener, message)) listener.onMessage(message);
      }
    }

    remember(message) {
      const id = message.id;
      if (id == null) return;
      const held = this.latest.get(id);
      if (message.type === 'snapshot' || message.type === 'update') {
        if (isNewer(held, message)) this.latest.set(id, Object.assign({}, message, { type: 'snapshot' }));
      } else if (message.type === 'stale') {
        if (held && held.epoch === message.epoch) this.latest.set(id, Object.assign({}, held, { stale: true }));
      } else if (message.type === 'renewed') {
        if (held && held.epoch === message.epoch) this.latest.set(id, Object.assign({}, held, { stale: false }));
      } else if (message.type === 'deleted' || message.type === 'missing') {
        this.latest.delete(id);
      }
    }

    matches(listener, message) {
      if (!this.shared) return true;
      if (listener.kind === 'rollup') {
        if (message.type === 'rollup') return listener.value === message.prefix;
        if (message.rollup != null) return listener.value === message.rollup;
        // A refused roll-up's error names it (above); an error about nothing in particular reaches every listener.
        return message.type === 'error' && message.id == null && message.ids == null && message.prefix == null;
      }
      const id = message.id;
      if (id != null) {
        return listener.kind === 'id' ? listener.value === id : id.startsWith(listener.value);
      }
      if (message.type === 'rollup' || message.rollup != null) return false;
      if (message.type === 'subscribed') {
        if (listener.kind === 'prefix') return message.prefix === listener.value;
        return Array.isArray(message.ids) && message.ids.includes(listener.value);
      }
      if (message.type === 'error') {
        if (message.prefix != null) return listener.kind === 'prefix' && listener.value === message.prefix;
        if (Array.isArray(message.ids)) return listener.kind === 'id' && message.ids.includes(listener.value);
        return true;
      }
      return false;
    }
  }

  /** Writes sent over a socket and not yet answered, by the `ref` the broker echoes. */
  class PendingWrites {
    constructor(send) {
      this.send = send;
      this.pending = new Map();
      this.nextRef = 1;
    }

    /** Sends `{op, id, data, …}` with a fresh `ref`; settles on the broker's `ack` or `error` for it. */
    write(message) {
      const ref = this.nextRef++;
      return new Promise((resolve, reject) => {
        this.pending.set(ref, { resolve, reject });
        this.send(Object.assign({ ref }, message));
      });
    }

    /** Settles the write a message answers; false when it answers none of this socket's writes. */
    settle(message) {
      const pending = message.ref != null ? this.pending.get(message.ref) : undefined;
      if (!pending) return false;
      this.pending.delete(message.ref);
      if (message.type === 'ack') pending.resolve({ id: message.id, version: message.version, epoch: message.epoch, updatedAt: message.updatedAt });
      else pending.reject(new LuxError(message));
      return true;
    }

    /** The socket went away with writes unanswered: the broker may or may not have applied them. */
    failAll(code) {
      if (this.pending.size === 0) return;
      const error = new LuxError({ code, title: 'Write not acknowledged', detail: 'the socket closed before the broker answered; the write may or may not have been applied' });
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    }
  }

  /**
   * One socket (or, after falling back, a set of EventSources) carrying every subscription of the
   * page for one endpoint: its lifecycle, reconnecting with backoff and resubscribing (the snapshots
   * that follow are the recovery, so no history is needed). What its listeners follow is kept in a
   * `Subscriptions`, its unanswered writes in `PendingWrites`.
   */
  class Connection {
    constructor(key, target, opts) {
      this.key = key;
      this.url = target.url;
      this.shared = target.shared;
      this.opts = opts;
      this.credential = new Credential(opts);
      this.subscriptions = new Subscriptions(target.shared);
      this.listeners = this.subscriptions.listeners;
      this.writes = new PendingWrites((message) => this.send(message));
      this.mode = opts.transport === 'sse' ? 'sse' : 'websocket';
      this.socket = null;
      this.sources = new Map();
      this.status = null;
      this.attempt = 0;
      this.failuresWithoutOpen = 0;
      this.everOpened = false;
      this.freshToken = false;
      this.timers = {};
      this.flushQueued = false;
    }

    add(listener) {
      clearTimeout(this.timers.linger);
      this.listeners.add(listener);
      if (this.listeners.size === 1 && !this.socket && !this.timers.retry && !this.connecting) {
        this.connect();
      } else if (this.mode === 'sse') {
        this.openSource(listener);
      } else if (this.isOpen()) {
        this.subscribe(listener);
      }
      if (this.status) listener.onStatus(this.status);
    }

    remove(listener) {
      if (!this.listeners.delete(listener)) return;
      if (this.mode === 'sse') this.closeSource(listener);
      else if (this.isOpen() && this.shared && !this.subscriptions.stillWanted(listener)) {
        this.send(Object.assign({ op: 'unsubscribe' }, subscription(listener)));
      }
      if (this.listeners.size === 0) {
        clearTimeout(this.timers.linger);
        this.timers.linger = setTimeout(() => {
          if (this.listeners.size === 0) this.shutdown();
        }, this.opts.lingerMs);
      }
    }

    isOpen() {
      const ws = this.socket;
      return ws != null && ws.readyState === 1;
    }

    setStatus(status) {
      this.status = status;
      for (const listener of this.listeners) listener.onStatus(status);
    }

    connect() {
      if (this.listeners.size === 0) return;
      this.setStatus(this.everOpened ? STATUS.RECONNECTING : STATUS.CONNECTING);
      if (!this.credential.getToken) {
        this.open(this.credential.apiKey || this.credential.token);
        return;
      }
      this.connecting = true;
      const fresh = this.freshToken;
      this.freshToken = false;
      this.credential.current(fresh).then(
        (secret) => {
          this.connecting = false;
          this.open(secret);
        },
        (e) => {
          this.connecting = false;
          this.broadcastError(new LuxError({ title: 'getToken() failed', detail: String(e && e.message ? e.message : e) }));
          this.retry();
        }
      );
    }

    open(secret) {
      if (this.listeners.size === 0) return;
      if (this.mode === 'sse') {
        this.secret = secret;
        for (const listener of this.listeners) this.openSource(listener);
        this.scheduleTokenRefresh();
        return;
      }
      const WS = this.opts.WebSocket || global.WebSocket;
      if (!WS) {
        this.switchToSse(secret);
        return;
      }
      let ws;
      try {
        ws = new WS(withToken(this.url, secret));
      } catch (e) {
        this.onSocketClosed(null, 1006, String(e));
        return;
      }
      this.socket = ws;
      ws.onopen = () => this.onSocketOpen(ws);
      ws.onmessage = (event) => this.onSocketMessage(ws, event.data);
      ws.onclose = (event) => this.onSocketClosed(ws, event.code, event.reason);
      ws.onerror = () => {};
    }

    onSocketOpen(ws) {
      if (ws !== this.socket) return;
      this.opened = true;
      this.everOpened = true;
      this.failuresWithoutOpen = 0;
      this.subscriptions.forget();
      this.armHeartbeat();
      this.setStatus(STATUS.LIVE);
      if (this.shared) {
        const ids = [];
        for (const listener of this.listeners) {
          if (listener.kind === 'id') ids.push(listener.value);
          else this.subscribe(listener);
        }
        ids.forEach((id) => this.subscriptions.pendingIds.add(id));
        this.flush();
        for (const listener of this.listeners) if (listener.kind === 'id') listener.onSubscribing();
      } else {
        for (const listener of this.listeners) listener.onSubscribing();
      }
      this.scheduleTokenRefresh();
    }

    /** Ids subscribed in one tick go out in one message (twenty widgets, one frame). */
    subscribe(listener) {
      listener.onSubscribing();
      this.subscriptions.replay(listener);
      if (!this.shared) return;
      if (listener.kind !== 'id') {
        this.send(Object.assign({ op: 'subscribe' }, subscription(listener)));
        return;
      }
      this.subscriptions.pendingIds.add(listener.value);
      if (!this.flushQueued) {
        this.flushQueued = true;
        Promise.resolve().then(() => this.flush());
      }
    }

    flush() {
      this.flushQueued = false;
      if (this.subscriptions.pendingIds.size === 0 || !this.isOpen()) return;
      this.send({ op: 'subscribe', ids: this.subscriptions.takePendingIds() });
    }

    send(message) {
      if (this.isOpen()) this.socket.send(JSON.stringify(message));
    }

    /** Whether a write can go over this connection: the multiplexed socket, open. */
    canWrite() {
      return this.shared && this.mode === 'websocket' && this.isOpen();
    }

    /** Sends `{op, id, data, …}` over the socket; settles on the broker's `ack` or `error` for it. */
    write(message) {
      return this.writes.write(message);
    }

    onSocketMessage(ws, text) {
      if (ws !== this.socket) return;
      this.armHeartbeat();
      this.attempt = 0;
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        return;
      }
      // a batched frame holds several messages, oldest first
      if (Array.isArray(parsed)) parsed.forEach((message) => this.dispatch(message));
      else this.dispatch(parsed);
    }

    dispatch(message) {
      if (message.type === 'heartbeat') return;
      if ((message.type === 'ack' || message.type === 'error') && this.writes.settle(message)) return;
      this.subscriptions.deliver(message);
    }

    onSocketClosed(ws, code, reason) {
      if (ws && ws !== this.socket) return;
      if (ws) detach(ws);
      this.socket = null;
      this.writes.failAll(code);
      clearTimeout(this.timers.heartbeat);
      clearTimeout(this.timers.refresh);
      if (this.listeners.size === 0) return;
      if (!this.opened) this.failuresWithoutOpen++;
      this.opened = false;
      if (code === CLOSE_REFUSED) {
        this.broadcastError(new LuxError({ code, status: 401, title: 'Credential refused', detail: reason || 'the broker closed the stream (1008)' }));
        // A refused token is replaced at once; a refused key retries slowly (it may be restored).
        if (this.credential.getToken) {
          this.freshToken = true;
          this.schedule(this.attempt === 0 ? 0 : backoffDelay(this.attempt, this.opts));
          this.attempt++;
          return;
        }
      }
      if (this.opts.transport === 'auto' && !this.everOpened && this.failuresWithoutOpen >= this.opts.sseAfterFailures && this.eventSourceClass()) {
        this.mode = 'sse';
        this.connect();
        return;
      }
      this.retry();
    }

    retry() {
      this.setStatus(STATUS.RECONNECTING);
      this.schedule(backoffDelay(this.attempt, this.opts));
      this.attempt++;
    }

    schedule(delay) {
      clearTimeout(this.timers.retry);
      this.timers.retry = setTimeout(() => {
        this.timers.retry = null;
        this.connect();
      }, delay);
    }

    armHeartbeat() {
      clearTimeout(this.timers.heartbeat);
      const ws = this.socket;
      this.timers.heartbeat = setTimeout(() => {
        if (ws !== this.socket) return;
        try {
          ws.close(CLOSE_HEARTBEAT, 'no heartbeat');
        } catch (e) {
          // already closing
        }
        this.onSocketClosed(ws, CLOSE_HEARTBEAT, 'no heartbeat');
      }, this.opts.heartbeatTimeoutMs);
    }

    scheduleTokenRefresh() {
      const delay = this.credential.refreshIn();
      if (delay == null) return;
      clearTimeout(this.timers.refresh);
      this.timers.refresh = setTimeout(() => this.reopen(), delay);
    }

    /** Replaces the socket with one carrying a fresh token; the snapshots bring the state back. */
    reopen() {
      this.freshToken = true;
      if (this.mode === 'sse') {
        for (const listener of this.listeners) this.closeSource(listener);
        this.connect();
        return;
      }
      const ws = this.socket;
      if (ws) {
        this.socket = null;
        this.writes.failAll(CLOSE_NORMAL);
        clearTimeout(this.timers.heartbeat);
        dismiss(ws, CLOSE_NORMAL, 'token refresh');
      }
      this.opened = false;
      this.connect();
    }

    shutdown() {
      Object.values(this.timers).forEach((t) => clearTimeout(t));
      const ws = this.socket;
      this.socket = null;
      this.writes.failAll(CLOSE_NORMAL);
      if (ws) dismiss(ws, CLOSE_NORMAL, 'closed');
      for (const source of this.sources.values()) source.close();
      this.sources.clear();
      connections.delete(this.key);
    }

    broadcastError(error) {
      for (const listener of Array.from(this.listeners)) listener.onError(error);
    }

    eventSourceClass() {
      return this.opts.EventSource || global.EventSource;
    }

    switchToSse(secret) {
      if (!this.eventSourceClass()) {
        this.broadcastError(new LuxError({ title: 'No transport', detail: 'neither WebSocket nor EventSource is available' }));
        this.setStatus(STATUS.CLOSED);
        return;
      }
      this.mode = 'sse';
      this.secret = secret;
      for (const listener of this.listeners) this.openSource(listener);
    }

    // Server-Sent Events: one EventSource per subscription (EventSource cannot multiplex).
    openSource(listener) {
      if (this.sources.has(listener)) return;
      if (listener.kind === 'rollup') return this.pollRollup(listener);
      const ES = this.eventSourceClass();
      const path = listener.kind === 'id' ? '/events/' + encodeURIComponent(listener.value) : '/events?prefix=' + encodeURIComponent(listener.value);
      const source = new ES(withToken(this.opts.endpoint + path, this.secret));
      this.sources.set(listener, source);
      const handle = (event) => {
        let message;
        try {
          message = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        if (!message.type && event.type !== 'message') message.type = event.type;
        if (message.type !== 'heartbeat') listener.onMessage(message);
      };
      source.onmessage = handle;
      ['snapshot', 'missing', 'update', 'stale', 'renewed', 'deleted', 'subscribed', 'error'].forEach((type) => source.addEventListener(type, (e) => e.data && handle(e)));
      source.onopen = () => {
        this.everOpened = true;
        listener.onSubscribing();
        listener.onStatus(STATUS.LIVE);
      };
      source.onerror = () => {
        if (source.readyState === 2) {
          // Closed for good (e.g. refused credential): reopen with a fresh token after a backoff.
          this.sources.delete(listener);
          listener.onStatus(STATUS.RECONNECTING);
          this.freshToken = Boolean(this.credential.getToken);
          const delay = backoffDelay(this.attempt++, this.opts);
          setTimeout(async () => {
            if (!this.listeners.has(listener)) return;
            try {
              this.secret = await this.credential.current(this.freshToken);
            } catch (e) {
              // keep the old one; the next failure retries
            }
            this.openSource(listener);
          }, delay);
        } else {
          listener.onStatus(STATUS.RECONNECTING);
        }
      };
    }

    // SSE has no roll-up: read it over HTTP now and every `rollupPollMs` while the listener stays.
    pollRollup(listener) {
      let timer = null;
      const poller = { close: () => clearTimeout(timer) };
      this.sources.set(listener, poller);
      const read = async () => {
        try {
          const body = await http(this.opts, this.credential, 'GET', '/rollup?prefix=' + encodeURIComponent(listener.value));
          if (this.sources.get(listener) !== poller) return;
          listener.onStatus(STATUS.LIVE);
          listener.onMessage(Object.assign({ type: 'rollup' }, body));
        } catch (e) {
          if (this.sources.get(listener) !== poller) return;
          listener.onError(e);
        }
        timer = setTimeout(read, this.opts.rollupPollMs);
      };
      listener.onSubscribing();
      read();
    }

    closeSource(listener) {
      const source = this.sources.get(listener);
      if (source) source.close();
      this.sources.delete(listener);
    }
  }

  /** The subscribe/unsubscribe fields naming what a listener follows. */
  function subscription(listener) {
    if (listener.kind === 'id') return { ids: [listener.value] };
    return listener.kind === 'rollup' ? { rollup: listener.value } : { prefix: listener.value };
  }

  function detach(ws) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
  }

  /** Closes a socket we no longer want; one still connecting is closed once open (browsers warn otherwise). */
  function dismiss(ws, code, reason) {
    detach(ws);
    try {
      if (ws.readyState === 0) ws.onopen = () => ws.close(code, reason);
      else ws.close(code, reason);
    } catch (e) {
      // already closing
    }
  }

  // ---------------------------------------------------------------- what handles, fleets and roll-ups share

  /**
   * A live view on the page's shared connection: a handle, a fleet or a roll-up. Settles the promise
   * of its first `load`, reports its status, and stops following on `close()`.
   */
  class LiveView extends Emitter {
    /** The first state arrived: `load()` resolves. */
    resolveLoad() {
      if (this.settle) {
        this.settle.resolve(this);
        this.settle = null;
      }
    }

    /** Reports an error; before the first state it rejects `load()`, unless a fresh token may still help. */
    fail(error) {
      this.emit('error', error);
      if (this.settle && !this.loaded && (error.status !== 401 || !this.credential.getToken)) {
        this.settle.reject(error);
        this.settle = null;
      }
    }

    setStatus(status) {
      if (status === this.status) return;
      this.status = status;
      this.emit('status', status);
    }

    /** Stops following; the shared socket closes when its last listener is gone. */
    close() {
      if (this.connection) this.connection.remove(this.listener);
      this.connection = null;
      this.setStatus(STATUS.CLOSED);
    }
  }

  // ---------------------------------------------------------------- one document

  /** A live view of one document plus its writes. Made by `lux(id, options)`; connects on `load`. */
  class Handle extends LiveView {
    constructor(id, given) {
      super();
      if (typeof id !== 'string' || !ID_PATTERN.test(id)) throw new LuxError({ status: 400, title: 'Bad id', detail: 'not a document id: ' + id });
      this.id = id;
      this.opts = options(given);
      this.credential = new Credential(this.opts);
      /** The document's `data`, or null while it does not exist. */
      this.state = null;
      /** `{ id, version, epoch, updatedAt, stale, writer, lease, expiresAt }`; version null while absent. */
      this.meta = { id, version: null, epoch: null, updatedAt: null, stale: false };
      this.status = null;
      this.retired = new Set();
      this.renderers = [];
      this.connection = null;
      this.listener = null;
      this.ready = null;
    }

    /**
     * Renders now and on every change: `render(data, meta)`; `data` is null while the document does not
     * exist (yet, or any more). Resolves once the first state (or its absence) is known.
     * @param {(data: object|null, meta: object) => void} [render]
     */
    load(render) {
      if (render) this.renderers.push(render);
      if (this.ready) {
        if (render && this.loaded) call(render, this.state, this.meta);
        return this.ready;
      }
      this.ready = new Promise((resolve, reject) => {
        this.settle = { resolve, reject };
      });
      if (this.opts.realtime) this.follow();
      else this.fetchOnce();
      return this.ready;
    }

    follow() {
      this.connection = connectionFor(this.opts, this.id);
      this.credential = this.connection.credential;
      this.listener = {
        kind: 'id',
        value: this.id,
        onMessage: (message) => this.receive(message),
        onStatus: (status) => this.setStatus(status),
        onError: (error) => this.fail(error),
        onSubscribing: () => {},
      };
      this.connection.add(this.listener);
    }

    async fetchOnce() {
      try {
        const body = await http(this.opts, this.credential, 'GET', '/' + encodeURIComponent(this.id));
        this.receive(Object.assign({ type: 'snapshot' }, body));
      } catch (e) {
        if (e.status === 404) this.receive({ type: 'missing', id: this.id });
        else this.fail(e);
      }
    }

    receive(message) {
      switch (message.type) {
        case 'snapshot':
        case 'update':
          return this.apply(message);
        case 'missing':
          if (this.meta.epoch != null) return this.gone('missing');
          return this.rendered();
        case 'stale':
          if (message.epoch === this.meta.epoch && message.version >= this.meta.version && !this.meta.stale) {
            this.meta = Object.assign({}, this.meta, { stale: true });
            this.emit('stale', this.meta);
            this.rendered();
          }
          return;
        case 'renewed':
          // live again without a write: same state, the stale badge clears
          if (message.epoch === this.meta.epoch && message.version >= this.meta.version && this.meta.stale) {
            this.meta = Object.assign({}, this.meta, { stale: false });
            this.emit('renewed', this.meta);
            this.rendered();
          }
          return;
        case 'deleted':
          if (message.epoch != null && message.epoch !== this.meta.epoch) return;
          return this.gone(message.reason || 'deleted');
        case 'error':
          return this.fail(new LuxError(Object.assign({ id: this.id }, message)));
        default:
          return;
      }
    }

    apply(message) {
      if (!isNewer(this.meta, message, this.retired)) return;
      if (this.meta.epoch != null && message.epoch !== this.meta.epoch) this.retire(this.meta.epoch);
      const wasStale = this.meta.stale;
      this.state = message.data == null ? {} : message.data;
      this.meta = metaOf(message);
      if (this.meta.stale && !wasStale) this.emit('stale', this.meta);
      this.rendered();
    }

    gone(reason) {
      if (this.meta.epoch != null) this.retire(this.meta.epoch);
      const had = this.meta.epoch != null;
      this.state = null;
      this.meta = { id: this.id, version: null, epoch: null, updatedAt: null, stale: false };
      if (had) this.emit('deleted', { id: this.id, reason });
      this.rendered();
    }

    retire(epoch) {
      this.retired.add(epoch);
      if (this.retired.size > 16) this.retired.delete(this.retired.values().next().value);
    }

    rendered() {
      this.loaded = true;
      for (const render of this.renderers) call(render, this.state, this.meta);
      this.resolveLoad();
    }


    /**
     * Replaces `data`. `opts`: `lease`, `ttl` (seconds), `ifMatch` (`true` = the state this handle holds).
     * Goes over the shared socket while it is open (`socketWrites`), else over HTTP; same receipt either way.
     */
    put(data, opts) {
      return this.write('put', 'PUT', 'application/json', data, opts);
    }

    /** RFC 7396 merge patch of `data` (`null` removes a field). Same `opts` and path as `put`. */
    patch(partial, opts) {
      return this.write('patch', 'PATCH', 'application/merge-patch+json', partial, opts);
    }

    write(op, method, contentType, data, opts) {
      const body = writeBody(data, opts);
      const ifMatch = this.ifMatch(opts);
      const connection = this.connection;
      if (this.opts.socketWrites && connection && connection.canWrite()) {
        return connection.write(Object.assign({ op, id: this.id }, body, ifMatch ? { ifMatch } : {}));
      }
      return http(this.opts, this.credential, method, '/' + encodeURIComponent(this.id), body, contentType, ifMatch);
    }

    /**
     * The document's step timeline, oldest first, the open step last (`GET …/{id}?timeline=true`):
     * `[{ step, status, startedAt, endedAt, durationMs }]`; empty while the document does not exist.
     */
    async timeline() {
      try {
        const body = await http(this.opts, this.credential, 'GET', '/' + encodeURIComponent(this.id) + '?timeline=true');
        return (body && body.derived && body.derived.timeline) || [];
      } catch (e) {
        if (e.status === 404) return [];
        throw e;
      }
    }

    /**
     * Renews the lease without a write (`POST …/{id}/lease`): version and data stay, no `update` is
     * sent, and a stale document is live again. `opts`: `lease` (seconds; omitted keeps the document's),
     * `ifMatch`. Resolves with `{ id, version, epoch, updatedAt, stale, leaseExpiresAt }`.
     */
    renew(opts) {
      const body = opts && opts.lease != null ? { lease: opts.lease } : undefined;
      return http(this.opts, this.credential, 'POST', '/' + encodeURIComponent(this.id) + '/lease', body, 'application/json', this.ifMatch(opts));
    }

    /** Deletes the document (subscribers are told `deleted`). */
    delete(opts) {
      return http(this.opts, this.credential, 'DELETE', '/' + encodeURIComponent(this.id), undefined, undefined, this.ifMatch(opts));
    }

    ifMatch(opts) {
      if (!opts || !opts.ifMatch) return undefined;
      if (opts.ifMatch === true) return '"' + this.meta.epoch + '.' + this.meta.version + '"';
      return opts.ifMatch;
    }
  }

  function call(render, data, meta) {
    try {
      render(data, meta);
    } catch (e) {
      reportLater(e);
    }
  }

  // ---------------------------------------------------------------- a prefix (fleet)

  /** Every document under a prefix, live. Made by `lux.watch(prefix, options)`. */
  class Fleet extends LiveView {
    constructor(prefix, given) {
      super();
      if (typeof prefix !== 'string') throw new LuxError({ status: 400, title: 'Bad prefix', detail: 'prefix must be a string' });
      this.prefix = prefix;
      this.opts = options(given);
      this.credential = new Credential(this.opts);
      /** id → `{ id, data, meta }`. */
      this.documents = new Map();
      this.retired = new Map();
      this.status = null;
      this.renderers = [];
      this.seen = null;
    }

    /** `render(items, change)` now and on every change; `items` sorted by id. Resolves after the snapshot. */
    load(render) {
      if (render) this.renderers.push(render);
      if (this.ready) {
        if (render && this.loaded) call(render, this.items(), null);
        return this.ready;
      }
      this.ready = new Promise((resolve, reject) => {
        this.settle = { resolve, reject };
      });
      if (this.opts.realtime) {
        this.connection = connectionFor(this.opts, null);
        this.credential = this.connection.credential;
        this.listener = {
          kind: 'prefix',
          value: this.prefix,
          onMessage: (message) => this.receive(message),
          onStatus: (status) => this.setStatus(status),
          onError: (error) => this.fail(error),
          onSubscribing: () => {
            this.seen = new Set();
          },
        };
        this.connection.add(this.listener);
      } else {
        this.list();
      }
      return this.ready;
    }

    /** The documents, sorted by id. */
    items() {
      return Array.from(this.documents.values()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }

    async list() {
      try {
        let after = null;
        do {
          const query = '?prefix=' + encodeURIComponent(this.prefix) + '&limit=1000' + (after ? '&after=' + encodeURIComponent(after) : '');
          const page = await http(this.opts, this.credential, 'GET', query);
          for (const item of page.items) {
            const data = item.data || { status: item.status, step: item.step, progress: item.progress, summary: item.summary };
            this.receive(Object.assign({}, item, { type: 'snapshot', data }));
          }
          after = page.next;
        } while (after);
        this.receive({ type: 'subscribed', prefix: this.prefix });
      } catch (e) {
        this.fail(e);
      }
    }

    receive(message) {
      const id = message.id;
      switch (message.type) {
        case 'snapshot':
        case 'update': {
          if (this.seen) this.seen.add(id);
          const held = this.documents.get(id);
          if (!isNewer(held && held.meta, message, this.retired.get(id))) return;
          if (held && held.meta.epoch !== message.epoch) this.retire(id, held.meta.epoch);
          const entry = { id, data: message.data || {}, meta: metaOf(message) };
          this.documents.set(id, entry);
          return this.changed(held ? 'change' : 'add', entry);
        }
        case 'stale': {
          const held = this.documents.get(id);
          if (!held || held.meta.epoch !== message.epoch || message.version < held.meta.version || held.meta.stale) return;
          const entry = { id, data: held.data, meta: Object.assign({}, held.meta, { stale: true }) };
          this.documents.set(id, entry);
          this.emit('stale', entry);
          return this.changed('change', entry);
        }
        case 'renewed': {
          const held = this.documents.get(id);
          if (!held || held.meta.epoch !== message.epoch || message.version < held.meta.version || !held.meta.stale) return;
          const entry = { id, data: held.data, meta: Object.assign({}, held.meta, { stale: false }) };
          this.documents.set(id, entry);
          this.emit('renewed', entry);
          return this.changed('change', entry);
        }
        case 'deleted':
        case 'missing':
          return this.removed(id, message.reason || 'deleted');
        case 'subscribed':
          if (this.seen) {
            // Whatever the fresh snapshot did not name was deleted while we were away.
            for (const known of Array.from(this.documents.keys())) if (!this.seen.has(known)) this.removed(known, 'missing');
            this.seen = null;
          }
          this.loaded = true;
          this.notify(null);
          this.resolveLoad();
          return;
        case 'error':
          return this.fail(new LuxError(message));
        default:
          return;
      }
    }

    removed(id, reason) {
      const held = this.documents.get(id);
      if (!held) return;
      this.retire(id, held.meta.epoch);
      this.documents.delete(id);
      this.changed('remove', { id, data: null, meta: held.meta, reason });
    }

    retire(id, epoch) {
      if (!this.retired.has(id)) this.retired.set(id, new Set());
      const set = this.retired.get(id);
      set.add(epoch);
      if (set.size > 4) set.delete(set.values().next().value);
      if (this.retired.size > 10000) this.retired.delete(this.retired.keys().next().value);
    }

    changed(kind, entry) {
      this.emit(kind, entry);
      if (this.loaded) this.notify({ kind, id: entry.id, entry });
    }

    notify(change) {
      const items = this.items();
      for (const render of this.renderers) call(render, items, change);
    }

  }

  // ---------------------------------------------------------------- a prefix's roll-up

  /**
   * The broker's counts over every document under a prefix, live (docs/PROTOCOL.md, "Fleet
   * roll-up"): one small conflated message per change instead of a row per document. Made by
   * `lux.rollup(prefix, options)`; shares the page's socket and resubscribes after a reconnect.
   */
  class Rollup extends LiveView {
    constructor(prefix, given) {
      super();
      if (typeof prefix !== 'string') throw new LuxError({ status: 400, title: 'Bad prefix', detail: 'prefix must be a string' });
      this.prefix = prefix;
      this.opts = options(given);
      this.credential = new Credential(this.opts);
      /** The newest roll-up: `{ prefix, total, byStatus, stale, stalled, waiting, failed, oldestStale, longestWaiting }`. */
      this.current = null;
      this.status = null;
      this.renderers = [];
    }

    /** `render(rollup)` now and on every new roll-up. Resolves with the first one. */
    load(render) {
      if (render) this.renderers.push(render);
      if (this.ready) {
        if (render && this.current) call(render, this.current);
        return this.ready;
      }
      this.ready = new Promise((resolve, reject) => {
        this.settle = { resolve, reject };
      });
      if (this.opts.realtime) {
        this.connection = connectionFor(this.opts, null);
        this.credential = this.connection.credential;
        this.listener = {
          kind: 'rollup',
          value: this.prefix,
          onMessage: (message) => this.receive(message),
          onStatus: (status) => this.setStatus(status),
          onError: (error) => this.fail(error),
          onSubscribing: () => {},
        };
        this.connection.add(this.listener);
      } else {
        this.fetchOnce();
      }
      return this.ready;
    }

    async fetchOnce() {
      try {
        this.receive(Object.assign({ type: 'rollup' }, await http(this.opts, this.credential, 'GET', '/rollup?prefix=' + encodeURIComponent(this.prefix))));
      } catch (e) {
        this.fail(e);
      }
    }

    receive(message) {
      if (message.type === 'error') return this.fail(new LuxError(message));
      if (message.type !== 'rollup') return;
      const rollup = Object.assign({}, message);
      delete rollup.type;
      this.current = rollup;
      this.emit('rollup', rollup);
      for (const render of this.renderers) call(render, rollup);
      this.resolveLoad();
    }

    get loaded() {
      return Boolean(this.current);
    }

  }

  // ---------------------------------------------------------------- exports

  /**
   * A handle on one document.
   * @param {string} id
   * @param {Partial<typeof DEFAULTS>} [opts]
   */
  function lux(id, opts) {
    return new Handle(id, opts);
  }

  /** Follows every document under `prefix` (the fleet view). */
  lux.watch = function watch(prefix, opts) {
    return new Fleet(prefix, opts);
  };
  /** Follows the broker's roll-up of `prefix` (counts by status, stale, stalled, waiting, failed). */
  lux.rollup = function rollup(prefix, opts) {
    return new Rollup(prefix, opts);
  };
  lux.DEFAULTS = DEFAULTS;
  lux.STATUS = STATUS;
  lux.LuxError = LuxError;
  lux.Handle = Handle;
  lux.Fleet = Fleet;
  lux.Rollup = Rollup;
  lux.lux = lux;
  lux.isLuxClient = true;
  /** The pure rules, exposed for tests and for the curious. */
  lux.internals = { isNewer, backoffDelay, parseToken, streamTarget, resolveEndpoint, connections };

  global.lux = lux;
  if (typeof module === 'object' && module && typeof module.exports === 'object') module.exports = lux;
})(typeof globalThis !== 'undefined' ? globalThis : this);
