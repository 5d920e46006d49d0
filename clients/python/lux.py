#!/usr/bin/env python3
"""lux.py: the Lux client for Python 3.9+, one file, the standard library only.

Copy this file next to your agent (or put it on ``PYTHONPATH``) and::

    from lux import Lux
    lux = Lux("http://127.0.0.1:8080", api_key=os.environ["LUX_API_KEY"])
    with lux.job("workflow-invoice-reconcile-abc123", lease=30) as job:
        job.update(step="fetching", progress=10)
        ...                                  # the work; the lease is renewed meanwhile
    # complete on leaving the block, failed (and re-raised) on an exception

    for change in lux.follow_prefix("workflow-"):   # snapshot, update, stale, renewed, deleted
        print(change["type"], change["id"], change.get("data"))

From a shell: ``python3 lux.py put ID '{"step":"validating"}' --lease 30``, ``python3 lux.py follow
PREFIX`` (one JSON line per change); ``LUX_URL`` and ``LUX_API_KEY`` say where and who.

The wire contract is docs/PROTOCOL.md; this client follows it the way the JavaScript client
(``/lux.js``) does: latest state wins by (epoch, version), reconnects use exponential backoff with
full jitter, and ``get_token()`` is asked again before a token expires and when the broker refuses it.
"""

import argparse
import base64
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Lux", "LuxError", "Job", "Follow", "DEFAULTS"]

#: Every tunable in one place; keyword arguments of :class:`Lux` override them per client.
DEFAULTS = {
    # seconds an HTTP call may take
    "timeout": 30.0,
    # times a 429 is retried after its Retry-After (0: raise LuxError at once)
    "retries": 0,
    # reconnect delays: random() * min(backoff_max, backoff_initial * 2 ** attempt), in seconds
    "backoff_initial": 0.5,
    "backoff_max": 30.0,
    # the broker speaks at least every 25 s (keep-alive comment 15 s, heartbeat 25 s): silence this
    # long means the connection is dead
    "heartbeat_timeout": 60.0,
    # ask get_token() for a new token this many seconds before the current one expires
    "token_refresh_margin": 30.0,
}

_MERGE_PATCH = "application/merge-patch+json"
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class LuxError(Exception):
    """A refusal from the broker: its problem+json answer (docs/PROTOCOL.md, "Errors").

    Attributes: ``status`` (the HTTP status, e.g. 412), ``type`` (``urn:lux:problem:<slug>``),
    ``title``, ``detail`` (what to fix), ``retry_after`` (seconds to wait after a 429, else None)
    and ``id`` (the document, when the refusal names one).
    """

    def __init__(self, status, type=None, title=None, detail=None, retry_after=None, id=None):
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.retry_after = retry_after
        self.id = id
        super().__init__(f"{status} {title or 'refused'}: {detail or ''}".rstrip(": "))

    @classmethod
    def from_problem(cls, status, body, retry_after=None):
        """A LuxError from a problem object (a dict) or from an answer that is not one."""
        problem = body if isinstance(body, dict) else {}
        if retry_after is None and problem.get("retryAfter") is not None:
            retry_after = problem["retryAfter"]
        return cls(
            problem.get("status", status),
            problem.get("type"),
            problem.get("title"),
            problem.get("detail") if problem else (str(body)[:500] if body else None),
            retry_after,
            problem.get("id"),
        )


def backoff_delay(attempt, initial, maximum, rand=random.random):
    """Exponential backoff with full jitter: ``random() * min(maximum, initial * 2 ** attempt)``."""
    return rand() * min(maximum, initial * (2 ** min(attempt, 30)))


def is_newer(held, incoming):
    """Whether the state ``incoming`` should replace ``held`` (both dicts with epoch and version).

    A new epoch always wins; in one epoch a higher version does, and the same version does only
    when what the broker says about it changed without a write (``stale``, ``derived``).
    """
    if incoming.get("epoch") is None or not isinstance(incoming.get("version"), int):
        return False
    if held is None:
        return True
    if incoming["epoch"] != held["epoch"]:
        return True
    if incoming["version"] != held["version"]:
        return incoming["version"] > held["version"]
    return bool(incoming.get("stale")) != bool(held.get("stale")) or incoming.get("derived") != held.get(
        "derived"
    )


def etag(value):
    """The ``If-Match`` value for ``value``: a receipt or document (its epoch and version), or an
    ETag given as ``"epoch.version"`` (quoted or not), a comma list, or ``*``."""
    if isinstance(value, dict):
        return f'"{value["epoch"]}.{value["version"]}"'
    text = str(value).strip()
    if text == "*" or text.startswith('"') or "," in text:
        return text
    return f'"{text}"'


class _Credential:
    """The bearer credential to present: a key, a token, or what ``get_token()`` returns.

    ``get_token()`` may return a string (a JWT's ``exp`` is read) or a dict
    ``{"token", "expiresAt"}`` (RFC 3339 text or seconds since the epoch), as ``POST /tokens`` answers.
    """

    def __init__(self, api_key, token, get_token, margin):
        self._static = api_key or token
        self._get_token = get_token
        self._margin = margin
        self._token = None
        self._refresh_at = None  # when to ask for the next token (seconds since the epoch)
        self._lock = threading.Lock()

    @property
    def refreshable(self):
        return self._get_token is not None

    def current(self, fresh=False):
        if not self._get_token:
            return self._static
        with self._lock:
            near = self._refresh_at is not None and time.time() >= self._refresh_at
            if fresh or self._token is None or near:
                now = time.time()
                self._token, expires = _parse_token(self._get_token())
                # the margin before expiry, but at most half the token's life, so short tokens
                # are not asked for again and again
                self._refresh_at = None if expires is None else expires - min(self._margin, (expires - now) / 2)
            return self._token

    def refresh_at(self):
        """When the current token should be replaced (seconds since the epoch), or None."""
        return self._refresh_at


def _parse_token(value):
    if isinstance(value, dict):
        token = value.get("token") or value.get("access_token")
        expires = value.get("expiresAt")
        if isinstance(expires, str):
            expires = _rfc3339(expires)
        return token, expires if expires is not None else _jwt_expiry(token)
    return value, _jwt_expiry(value)


def _jwt_expiry(token):
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"]) if isinstance(claims.get("exp"), (int, float)) else None
    except (AttributeError, IndexError, ValueError, KeyError, TypeError):
        return None


def _rfc3339(text):
    from datetime import datetime

    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class Lux:
    """A client of one Lux broker.

    :param endpoint: the broker, ``http://host:port`` (``/api/lux`` is added) or the API's full base
        URL such as ``https://broker.example.com/api/lux``.
    :param api_key: a key (``Authorization: Bearer``).
    :param token: a token minted by ``POST /api/lux/tokens``.
    :param get_token: a function returning a token (a string or ``{"token","expiresAt"}``); called
        when needed, again ``token_refresh_margin`` seconds before expiry and when the broker answers 401.
    :param options: any key of :data:`DEFAULTS`, e.g. ``retries=3`` to retry 429s after Retry-After.

    Calls are thread-safe; each opens its own HTTP connection, straight to the broker (proxy
    environment variables are not used, for calls and streams alike).
    """

    def __init__(self, endpoint, api_key=None, token=None, get_token=None, **options):
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        self.options = {**DEFAULTS, **options}
        parts = urllib.parse.urlsplit(endpoint.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"endpoint must be an http(s) URL, got {endpoint!r}")
        self.endpoint = endpoint.rstrip("/") + ("" if parts.path not in ("", "/") else "/api/lux")
        self._url = urllib.parse.urlsplit(self.endpoint)
        self._credential = _Credential(api_key, token, get_token, self.options["token_refresh_margin"])

    def __repr__(self):  # never shows the credential
        return f"Lux({self.endpoint!r})"

    # ------------------------------------------------------------------ documents

    def put(self, id, data, *, lease=None, ttl=None, stall=None, if_match=None, if_none_match=None):
        """Replace the document ``id`` with ``data`` (a dict); creates it when absent.

        ``lease`` seconds without a write turn it ``stale`` (0 removes the lease), ``ttl`` seconds
        after the last write remove it, ``stall`` seconds without movement mark it stalled;
        ``if_match`` (an ETag or a receipt) or ``if_none_match="*"`` make the write conditional (412).
        Returns the receipt ``{"id","version","epoch","updatedAt","status"}`` (status 201 or 200).
        """
        body = _envelope(data, lease, ttl, stall)
        return self._write("PUT", id, body, "application/json", if_match, if_none_match)

    def patch(self, id, data, *, lease=None, ttl=None, stall=None, if_match=None, if_none_match=None):
        """Merge ``data`` into the document (RFC 7396: a key set to None is removed); creates it
        from ``{}`` when absent. Options and receipt as :meth:`put`."""
        body = _envelope(data, lease, ttl, stall)
        return self._write("PATCH", id, body, _MERGE_PATCH, if_match, if_none_match)

    def delete(self, id, *, if_match=None):
        """Delete the document; subscribers get ``deleted``. 404 when there is none."""
        headers = {"If-Match": etag(if_match)} if if_match is not None else {}
        self.request("DELETE", _doc_path(id), headers=headers)

    def get(self, id, *, timeline=False):
        """The document: ``{"id","version","epoch","updatedAt","writer","stale","lease"?,"expiresAt",
        "data","derived"}``. 404 (LuxError) when there is none."""
        return self.request("GET", _doc_path(id) + ("?timeline=true" if timeline else ""))

    def renew(self, id, *, lease=None, if_match=None):
        """Keep the document's lease alive without a write (``POST /api/lux/{id}/lease``): the
        version and data stay, subscribers hear nothing unless it was stale (then ``renewed``).
        ``lease`` sets new lease seconds. Returns ``{"id","version","epoch","updatedAt","stale",
        "leaseExpiresAt"}``; 409 when the document has no lease."""
        body = None if lease is None else json.dumps({"lease": lease})
        headers = {"If-Match": etag(if_match)} if if_match is not None else {}
        return self.request("POST", _doc_path(id) + "/lease", body, headers=headers)

    def batch(self, writes):
        """Apply many writes in one call (``POST /api/lux/batch``), each on its own, in order.

        ``writes`` are dicts as in docs/PROTOCOL.md: ``{"id","op": "put"|"patch"|"delete","data",
        "lease","ttl","stall","ifMatch"}``. Returns one result per write, in order:
        ``{"id","status","version","epoch"}`` or ``{"id","status","problem"}``; a refused write does
        not raise (look at its ``status``); a refused batch does.
        """
        return self.request("POST", "/batch", json.dumps({"writes": list(writes)}))["results"]

    def items(self, prefix, *, limit=100):
        """Every document under ``prefix`` (without ``data``), page by page, in id order."""
        after = None
        while True:
            query = {"prefix": prefix, "limit": limit, **({"after": after} if after else {})}
            page = self.request("GET", "?" + urllib.parse.urlencode(query))
            yield from page["items"]
            after = page.get("next")
            if not after:
                return

    def token(self, **grant):
        """Mint a token (``POST /api/lux/tokens``; the key needs the ``token`` scope), e.g.
        ``token(ids=["a"], scopes=["read"], ttl=600)``. Returns ``{"token","expiresAt"}``."""
        return self.request("POST", "/tokens", json.dumps(grant))

    def job(self, id, lease=30, **data):
        """A :class:`Job` to use in a ``with`` block: it publishes ``{"status":"running", **data}``
        with ``lease`` seconds, renews the lease in the background while the block runs, and
        marks the job ``complete`` when the block ends, ``failed`` when it raises."""
        return Job(self, id, lease, data)

    # ------------------------------------------------------------------ following

    def follow(self, id):
        """Follow one document live (Server-Sent Events): a :class:`Follow` iterator of changes."""
        return Follow(self, "/events/" + urllib.parse.quote(id, safe=""), by_prefix=False)

    def follow_prefix(self, prefix):
        """Follow every document whose id starts with ``prefix``: a :class:`Follow` iterator."""
        return Follow(self, "/events?" + urllib.parse.urlencode({"prefix": prefix}), by_prefix=True)

    # ------------------------------------------------------------------ HTTP

    def request(self, method, path, body=None, *, headers=None, content_type="application/json"):
        """One call under the API base (``path`` like ``/some-id`` or ``?prefix=…``), for what the
        methods above do not wrap. Returns the parsed JSON answer (None when empty); a refusal raises
        :class:`LuxError`. A 401 with ``get_token`` is retried once with a fresh token; a 429 is
        retried after Retry-After up to ``retries`` times."""
        return self._call(method, path, body, headers, content_type)[1]

    def _call(self, method, path, body, headers, content_type):
        data = body.encode("utf-8") if isinstance(body, str) else body
        retries = self.options["retries"]
        fresh = False
        while True:
            all_headers = {"Accept": "application/json", **(headers or {})}
            credential = self._credential.current(fresh)
            if credential:
                all_headers["Authorization"] = "Bearer " + credential
            if data is not None:
                all_headers["Content-Type"] = content_type
            status, answer, answer_headers = self._send(method, self.endpoint + path, data, all_headers)
            if status < 400:
                return status, answer
            if status == 401 and self._credential.refreshable and not fresh:
                fresh = True
                continue
            retry_after = _seconds(answer_headers.get("Retry-After"))
            if status == 429 and retries > 0:
                retries -= 1
                time.sleep(retry_after if retry_after is not None else 1.0)
                continue
            raise LuxError.from_problem(status, answer, retry_after)

    def _write(self, method, id, body, content_type, if_match, if_none_match):
        headers = {}
        if if_match is not None:
            headers["If-Match"] = etag(if_match)
        if if_none_match is not None:
            headers["If-None-Match"] = if_none_match
        status, receipt = self._call(method, _doc_path(id), json.dumps(body), headers, content_type)
        return {**receipt, "status": status}

    def _send(self, method, url, data, headers):
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with _DIRECT.open(request, timeout=self.options["timeout"]) as response:
                return response.status, _json(response.read()), response.headers
        except urllib.error.HTTPError as refused:
            with refused:
                return refused.code, _json(refused.read()), refused.headers


def _envelope(data, lease, ttl, stall):
    if not isinstance(data, dict):
        raise TypeError("data must be a dict (a JSON object)")
    body = {"data": data}
    for name, value in (("lease", lease), ("ttl", ttl), ("stall", stall)):
        if value is not None:
            body[name] = value
    return body


def _doc_path(id):
    return "/" + urllib.parse.quote(str(id), safe="")


def _json(raw):
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        return raw.decode("utf-8", "replace")


def _seconds(value):
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class Job:
    """A job's state, published while a ``with`` block runs (make it with :meth:`Lux.job`).

    On entry the document is written (``PUT``) as ``{"status":"running", **data}`` with the lease,
    and a background thread renews the lease (``POST …/lease``) whenever a third of it passed
    without a write, so a long step with nothing to report stays live. :meth:`update` merges
    fields. Leaving the block normally writes ``status: "complete"`` and ``progress: 100``; an
    exception writes ``status: "failed"`` with the exception's message as ``summary`` and is
    re-raised. Both final writes remove the lease (a finished job never turns stale). A killed
    process stops renewing, so the job turns ``stale`` when its lease lapses.

    Attributes: ``id``, ``receipt`` (the last write's receipt), ``renewals`` (renewals done),
    ``renew_error`` (the LuxError that stopped renewing, if any).
    """

    def __init__(self, lux, id, lease, data):
        if not isinstance(lease, int) or lease < 1:
            raise ValueError("lease must be a whole number of seconds, at least 1")
        self.lux = lux
        self.id = id
        self.lease = lease
        self.receipt = None
        self.renewals = 0
        self.renew_error = None
        self._initial = {"status": "running", **data}
        self._stop = threading.Event()
        self._written = time.monotonic()
        self._thread = None

    def __enter__(self):
        self._wrote(self.lux.put(self.id, self._initial, lease=self.lease))
        self._thread = threading.Thread(target=self._renew, name=f"lux-lease-{self.id}", daemon=True)
        self._thread.start()
        return self

    def update(self, fields=None, **more):
        """Merge fields into the job's data, e.g. ``update(step="fetching", progress=40)``; a field
        set to None is removed. Returns the receipt."""
        return self._wrote(self.lux.patch(self.id, {**(fields or {}), **more}))

    def __exit__(self, kind, error, traceback):
        self._stop.set()
        self._thread.join()
        if error is None:
            self._wrote(self.lux.patch(self.id, {"status": "complete", "progress": 100}, lease=0))
            return False
        summary = str(error) or type(error).__name__
        try:
            self._wrote(self.lux.patch(self.id, {"status": "failed", "summary": summary}, lease=0))
        except (LuxError, OSError) as unreported:
            # the block's own exception matters more; keep the reason this one was not reported
            error.__context__ = unreported
        return False

    def _wrote(self, receipt):
        self._written = time.monotonic()
        self.receipt = receipt
        return receipt

    def _renew(self):
        interval = self.lease / 3
        while not self._stop.wait(max(0.05, self._written + interval - time.monotonic())):
            if time.monotonic() - self._written < interval:
                continue  # a write renewed it meanwhile
            try:
                self.lux.renew(self.id)
                self._written = time.monotonic()
                self.renewals += 1
            except LuxError as refused:
                if refused.status in (404, 409, 403, 401):  # gone, lease removed, or not ours
                    self.renew_error = refused
                    return
                self._written = time.monotonic() - interval / 2  # try again soon
            except OSError:
                self._written = time.monotonic() - interval / 2


class Follow:
    """Live changes of one document or a prefix, over Server-Sent Events (``GET /api/lux/events…``).

    Iterate over it to receive dicts, each the broker's message: ``snapshot`` and ``update`` (the
    whole document), ``stale`` and ``renewed`` (``id``, ``version``, ``epoch``), ``deleted``
    (``id``, ``reason``: ``deleted``, ``expired``, or ``missing`` when it vanished while the
    connection was down) and, for one document that does not exist, ``missing`` once.

    The connection is re-opened after any drop with exponential backoff and full jitter; the
    snapshots it then receives are the recovery, and no change is yielded that is older than one
    already yielded, by (epoch, version). A refused subscription raises :class:`LuxError` (400, 401,
    403); with ``get_token`` a 401 or an expiring token is answered by asking for a new one.
    ``close()`` (from any thread) or leaving a ``with`` block ends it.
    """

    def __init__(self, lux, path, by_prefix):
        self._lux = lux
        self._path = path
        self._by_prefix = by_prefix
        self._held = {}  # id -> {"epoch","version","stale","derived"}
        self._retired = {}  # id -> epochs moved past (after a delete or a newer epoch)
        self._missing_told = False
        self._closed = threading.Event()
        self._connection = None
        self._lock = threading.Lock()
        self._seen = None  # ids named by the snapshots since a prefix (re)connected
        self.reconnects = 0
        self._changes = self._run()

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._changes)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Stop following; a thread blocked in iteration gets StopIteration."""
        self._closed.set()
        with self._lock:
            connection = self._connection
        if connection is not None and connection.sock is not None:
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # ------------------------------------------------------------------ connection loop

    def _run(self):
        options = self._lux.options
        credential = self._lux._credential
        attempt, fresh, refused, connected = 0, False, False, False
        while not self._closed.is_set():
            try:
                response = self._open(fresh)
                fresh = False
                status = response.status if response is not None else 0
                if status == 401 and credential.refreshable and not refused:
                    refused = fresh = True  # ask get_token() again and retry at once
                elif 200 <= status < 300:
                    connected = True
                    self._seen = set() if self._by_prefix else None
                    for message in self._events(response):
                        attempt, refused = 0, False
                        if message.get("type") == "error":
                            if message.get("status") == 401 and credential.refreshable:
                                fresh = True  # the token expired: a new one, at once
                                break
                            raise LuxError.from_problem(message.get("status", 0), message)
                        yield from self._apply(message)
                elif 400 <= status < 500 and not (status == 404 and connected):
                    # refused for good; a 404 after a working stream is a server still deploying
                    retry_after = _seconds(response.getheader("Retry-After"))
                    raise LuxError.from_problem(status, _json(response.read()), retry_after)
            except (OSError, http.client.HTTPException):
                pass  # refused connection, dropped stream or silence: connect again
            finally:
                self._forget_connection()
            if self._closed.is_set():
                return
            refresh_at = credential.refresh_at()
            if fresh or (refresh_at is not None and time.time() >= refresh_at):
                continue
            self.reconnects += 1
            self._closed.wait(backoff_delay(attempt, options["backoff_initial"], options["backoff_max"]))
            attempt += 1

    def _open(self, fresh):
        url = self._lux._url
        credential = self._lux._credential.current(fresh)
        cls = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        connection = cls(url.netloc, timeout=self._lux.options["timeout"])
        with self._lock:
            if self._closed.is_set():
                return None
            self._connection = connection
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if credential:
            headers["Authorization"] = "Bearer " + credential
        connection.request("GET", url.path + self._path, headers=headers)
        return connection.getresponse()

    def _forget_connection(self):
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _events(self, response):
        """The JSON messages of an SSE stream; returns when a token nears expiry or on EOF."""
        options = self._lux.options
        data = []
        while not self._closed.is_set():
            refresh_at = self._lux._credential.refresh_at()
            wait = options["heartbeat_timeout"]
            if refresh_at is not None:
                wait = min(wait, refresh_at - time.time())
                if wait <= 0:
                    return  # reconnect with a new token before this one expires
            connection = self._connection
            if connection is None or connection.sock is None:
                return
            connection.sock.settimeout(max(0.05, wait))
            line = response.readline()
            if not line:
                return  # the broker or a proxy closed the stream
            line = line.rstrip(b"\r\n")
            if not line:
                if data:
                    text = b"\n".join(data).decode("utf-8")
                    data = []
                    try:
                        message = json.loads(text)
                    except ValueError:
                        continue
                    if isinstance(message, dict):
                        yield message
            elif line.startswith(b"data:"):
                data.append(line[6:] if line[5:6] == b" " else line[5:])
            # comments (": keep-alive"), event names and ids carry nothing the JSON lacks

    # ------------------------------------------------------------------ latest state wins

    def _apply(self, message):
        kind = message.get("type")
        id = message.get("id")
        held = self._held.get(id)
        if kind in ("snapshot", "update"):
            if self._seen is not None:
                self._seen.add(id)
            if message.get("epoch") in self._retired.get(id, ()) or not is_newer(held, message):
                return
            if held is not None and held["epoch"] != message["epoch"]:
                self._retire(id, held["epoch"])
            self._held[id] = _position(message)
            self._missing_told = False
            yield message
        elif kind in ("stale", "renewed"):
            stale = kind == "stale"
            if held is None or held["epoch"] != message.get("epoch"):
                return
            if message.get("version", -1) < held["version"] or held["stale"] == stale:
                return
            held["stale"] = stale
            yield message
        elif kind == "deleted":
            if held is None or (message.get("epoch") is not None and message["epoch"] != held["epoch"]):
                return
            yield self._remove(id, message.get("reason", "deleted"))
        elif kind == "missing":
            if held is not None:
                yield self._remove(id, "missing")
            elif not self._missing_told:
                self._missing_told = True
                yield {"type": "missing", "id": id}
        elif kind == "subscribed" and self._seen is not None:
            # whatever the fresh snapshots did not name was deleted while the connection was down
            for gone in [known for known in self._held if known not in self._seen]:
                yield self._remove(gone, "missing")
            self._seen = None

    def _remove(self, id, reason):
        held = self._held.pop(id)
        self._retire(id, held["epoch"])
        return {"type": "deleted", "id": id, "reason": reason}

    def _retire(self, id, epoch):
        epochs = self._retired.setdefault(id, [])
        epochs.append(epoch)
        del epochs[:-4]


def _position(message):
    return {
        "epoch": message["epoch"],
        "version": message["version"],
        "stale": bool(message.get("stale")),
        "derived": message.get("derived"),
    }


# ---------------------------------------------------------------------- command line


def main(argv=None):
    """The command line: ``python3 lux.py {put,patch,get,delete,renew,follow} …`` (``--help``)."""
    parser = argparse.ArgumentParser(
        prog="lux.py",
        description="Publish and follow job states on a Lux broker. "
        "LUX_URL (default http://127.0.0.1:8080) says where, LUX_API_KEY (or LUX_TOKEN) who.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("put", "replace a document's data"), ("patch", "merge fields into a document's data")):
        command = commands.add_parser(name, help=text)
        command.add_argument("id")
        command.add_argument("data", help="a JSON object")
        for option in ("lease", "ttl", "stall"):
            command.add_argument("--" + option, type=int, help="seconds")
        command.add_argument("--if-match", help="the ETag the document must have")
    commands.add_parser("get", help="print a document").add_argument("id")
    delete = commands.add_parser("delete", help="delete a document")
    delete.add_argument("id")
    delete.add_argument("--if-match")
    renew = commands.add_parser("renew", help="keep a document's lease alive without a write")
    renew.add_argument("id")
    renew.add_argument("--lease", type=int)
    follow = commands.add_parser("follow", help="print one JSON line per change under a prefix")
    follow.add_argument("prefix", help="id prefix ('' for everything the key may read)")
    follow.add_argument("--id", action="store_true", help="follow the one document PREFIX names")
    args = parser.parse_args(argv)

    lux = Lux(
        os.environ.get("LUX_URL", "http://127.0.0.1:8080"),
        api_key=os.environ.get("LUX_API_KEY"),
        token=os.environ.get("LUX_TOKEN"),
    )
    try:
        if args.command in ("put", "patch"):
            try:
                data = json.loads(args.data)
            except ValueError as bad:
                parser.error(f"data is not JSON: {bad}")
            write = lux.put if args.command == "put" else lux.patch
            _print(write(args.id, data, lease=args.lease, ttl=args.ttl, stall=args.stall, if_match=args.if_match))
        elif args.command == "get":
            _print(lux.get(args.id))
        elif args.command == "delete":
            lux.delete(args.id, if_match=args.if_match)
        elif args.command == "renew":
            _print(lux.renew(args.id, lease=args.lease))
        else:
            with (lux.follow(args.prefix) if args.id else lux.follow_prefix(args.prefix)) as changes:
                for change in changes:
                    _print(change)
    except LuxError as refused:
        print(json.dumps({"status": refused.status, "type": refused.type, "title": refused.title,
                          "detail": refused.detail, "retryAfter": refused.retry_after}), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `… | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except OSError as down:
        print(f"lux.py: {down}", file=sys.stderr)
        return 2
    return 0


def _print(value):
    print(json.dumps(value, separators=(",", ":")), flush=True)


if __name__ == "__main__":
    sys.exit(main())
