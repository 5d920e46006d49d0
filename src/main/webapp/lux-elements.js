/*
 * lux-elements.js: custom elements for portals, no framework, no build.
 *
 *   <script src="https://broker.example.com/lux-elements.js"></script>
 *   <lux-progress doc="workflow-invoice-reconcile-abc123" token="…"></lux-progress>
 *   <lux-fleet prefix="workflow-" token="…"></lux-fleet>
 *
 * Attributes: `endpoint` (default: the origin that served this script + /api/lux), `token` or `api-key`;
 * or set the `getToken` property to an async function returning a short-lived token.
 * <lux-fleet> heads its rows with the broker's roll-up of the prefix (counts by status, stale, stalled,
 * waiting, failed, the oldest stale and longest-waiting ids); `summary-only` shows just that header
 * (one small stream however many jobs). <lux-progress> shows the step timeline behind a "Timeline" disclosure.
 * Theming: CSS custom properties (--lux-font, --lux-bg, --lux-fg, --lux-muted, --lux-border, --lux-radius,
 * --lux-bar-bg, --lux-color-<status>) set on the element or any ancestor.
 * Works as a classic script or a module; loads lux.js from beside itself when the page has not.
 */
(function () {
  'use strict';

  const here = scriptUrl();
  const luxReady = ensureLux(here);

  /** The conventional statuses: a colour (a CSS property with a default) and a word for each. */
  const STATUSES = {
    queued: { label: 'Queued', color: '#64748b' },
    planning: { label: 'Planning', color: '#7c3aed' },
    fetching: { label: 'Fetching', color: '#2563eb' },
    validating: { label: 'Validating', color: '#0891b2' },
    waiting: { label: 'Waiting for input', color: '#b45309' },
    retrying: { label: 'Retrying', color: '#ea580c' },
    complete: { label: 'Complete', color: '#15803d' },
    failed: { label: 'Failed', color: '#dc2626' },
  };
  const NEUTRAL = '#6b7280';
  const NO_CREDENTIAL = 'Needs a token or api-key attribute, or a getToken property.';

  function scriptUrl() {
    const current = document.currentScript;
    if (current && current.src) return current.src;
    const tags = document.querySelectorAll('script[src*="lux-elements"]');
    return tags.length ? tags[tags.length - 1].src : location.href;
  }

  function ensureLux(base) {
    if (globalThis.lux) return Promise.resolve(globalThis.lux);
    return new Promise((resolve, reject) => {
      const tag = document.createElement('script');
      tag.src = new URL('lux.js', base).href;
      tag.onload = () => resolve(globalThis.lux);
      tag.onerror = () => reject(new Error('could not load ' + tag.src));
      document.head.appendChild(tag);
    });
  }

  /** `{ key, label, color }` for a status word; unknown words are shown as they are, in grey. */
  function statusOf(word) {
    if (typeof word !== 'string' || word === '') return { key: 'unknown', label: 'Unknown', color: NEUTRAL };
    const known = STATUSES[word.toLowerCase()];
    if (known) return { key: word.toLowerCase(), label: known.label, color: known.color };
    return { key: 'other', label: word.charAt(0).toUpperCase() + word.slice(1), color: NEUTRAL };
  }

  function colorVar(status) {
    return status.key in STATUSES ? `var(--lux-color-${status.key}, ${status.color})` : `var(--lux-color-unknown, ${NEUTRAL})`;
  }

  /** "done in about 4 min", from the broker's derived.eta (epoch ms). */
  function etaText(eta, now) {
    const s = Math.max(0, Math.round((eta - now) / 1000));
    if (s < 60) return 'done in under a minute';
    if (s < 3600) return `done in about ${Math.round(s / 60)} min`;
    if (s < 86400) return `done in about ${Math.round(s / 3600)} h`;
    return `done in about ${Math.round(s / 86400)} d`;
  }

  /** "850 ms", "42 s", "3 min 12 s", "2 h 5 min". */
  function duration(ms) {
    if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min` + (s % 60 ? ` ${s % 60} s` : '');
    return `${Math.floor(s / 3600)} h` + (Math.floor(s / 60) % 60 ? ` ${Math.floor(s / 60) % 60} min` : '');
  }

  /** "updated 3 s ago", "updated 4 min ago", "updated 2 h ago", "updated 3 d ago". */
  function ago(iso, now) {
    const then = Date.parse(iso);
    if (Number.isNaN(then)) return '';
    const s = Math.max(0, Math.round((now - then) / 1000));
    if (s < 60) return `updated ${s} s ago`;
    if (s < 3600) return `updated ${Math.floor(s / 60)} min ago`;
    if (s < 86400) return `updated ${Math.floor(s / 3600)} h ago`;
    return `updated ${Math.floor(s / 86400)} d ago`;
  }

  function progressOf(data) {
    const p = data && Number(data.progress);
    return data && data.progress != null && Number.isFinite(p) ? Math.max(0, Math.min(100, Math.round(p))) : null;
  }

  /** The question of a waiting job: a string, or `{ question | prompt | message, options | choices }`. */
  function questionOf(input) {
    if (input == null) return null;
    if (typeof input === 'string') return { text: input, options: [] };
    const text = input.question || input.prompt || input.message || input.text || JSON.stringify(input);
    const options = Array.isArray(input.options) ? input.options : Array.isArray(input.choices) ? input.choices : [];
    return { text: String(text), options: options.map(String) };
  }

  function errorText(error) {
    if (error == null) return null;
    if (typeof error === 'string') return error;
    return String(error.message || error.detail || error.title || JSON.stringify(error));
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value);
    }
    children.forEach((child) => child != null && node.append(child));
    return node;
  }

  // One clock for every element on the page: "updated … ago" moves on once a second.
  const ticking = new Set();
  setInterval(() => {
    const now = Date.now();
    ticking.forEach((element) => element.tick(now));
  }, 1000);

  const BASE_CSS = `
    :host {
      --_font: var(--lux-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
      --_bg: var(--lux-bg, #ffffff);
      --_fg: var(--lux-fg, #0f172a);
      --_muted: var(--lux-muted, #64748b);
      --_border: var(--lux-border, #e2e8f0);
      --_radius: var(--lux-radius, 10px);
      --_bar-bg: var(--lux-bar-bg, #eef2f7);
      display: block; font-family: var(--_font); color: var(--_fg); font-size: 14px; line-height: 1.4;
    }
    [hidden] { display: none !important; }
    .badge { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; font-size: 12px;
      padding: 2px 9px 2px 7px; border-radius: 999px; color: var(--_status);
      background: color-mix(in srgb, var(--_status) 12%, transparent); white-space: nowrap; }
    .badge::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--_status); }
    .live .badge::before { animation: lux-pulse 1.6s ease-in-out infinite; }
    @keyframes lux-pulse { 50% { opacity: .35; } }
    @media (prefers-reduced-motion: reduce) { .live .badge::before { animation: none; } }
    .stale { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em;
      color: #92400e; background: #fef3c7; border: 1px solid #fcd34d; border-radius: 4px; padding: 0 5px; }
    .stalled { color: #9a3412; background: #ffedd5; border-color: #fdba74; }
    .eta { color: var(--_muted); font-size: 12px; font-variant-numeric: tabular-nums; }
    .bar { position: relative; height: 8px; border-radius: 999px; background: var(--_bar-bg); overflow: hidden; }
    .fill { position: absolute; inset: 0 auto 0 0; width: 0; background: var(--_status); border-radius: inherit;
      transition: width .4s ease; }
    .bar.indeterminate .fill { width: 30%; opacity: .45; animation: lux-slide 1.4s ease-in-out infinite; }
    @keyframes lux-slide { from { left: -30%; } to { left: 100%; } }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .muted { color: var(--_muted); }
  `;

  /** What both elements share: attributes → lux options, connect on insertion, close on removal. */
  class LuxElement extends HTMLElement {
    static get observedAttributes() {
      return ['endpoint', 'token', 'api-key'];
    }
    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this._getToken = undefined;
      this.handle = null;
    }
    /** An async function returning a short-lived token (preferred over the `token` attribute). */
    get getToken() {
      return this._getToken;
    }
    set getToken(fn) {
      this._getToken = fn;
      this.restart();
    }
    connectedCallback() {
      ticking.add(this);
      this.restart();
    }
    disconnectedCallback() {
      ticking.delete(this);
      this.stop();
    }
    attributeChangedCallback(name, before, after) {
      if (before !== after) this.restart();
    }
    options() {
      const opts = { endpoint: this.getAttribute('endpoint') || new URL('/api/lux', here).href };
      if (this._getToken) opts.getToken = this._getToken;
      else if (this.getAttribute('token')) opts.token = this.getAttribute('token');
      else if (this.getAttribute('api-key')) opts.apiKey = this.getAttribute('api-key');
      return opts;
    }
    /** The broker never runs open: without a credential there is nothing to connect for. */
    hasCredential() {
      return Boolean(this._getToken || this.getAttribute('token') || this.getAttribute('api-key'));
    }
    restart() {
      if (this.pendingStart || !this.isConnected) return;
      // After the current task, so every attribute the parser sets is in place.
      this.pendingStart = true;
      queueMicrotask(() =>
        luxReady.then((lux) => {
          this.pendingStart = false;
          this.stop();
          if (this.isConnected) this.start(lux);
        })
      );
    }
    stop() {
      if (this.handle) this.handle.close();
      this.handle = null;
    }
    showConnection(status) {
      this.shadowRoot.host.dataset.connection = status;
    }
  }

  // ------------------------------------------------------------------ <lux-progress>

  const PROGRESS_CSS = `
    .card { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
      padding: 16px 18px; box-shadow: var(--lux-shadow, 0 1px 2px rgba(15,23,42,.06)); display: grid; gap: 10px;
      border-left: 4px solid var(--_status); }
    header { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
    .job { font-weight: 650; font-size: 15px; flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .id { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--_muted); }
    .step { color: var(--_fg); }
    .step b { color: var(--_muted); font-weight: 500; margin-right: 4px; }
    .progress { display: grid; grid-template-columns: 1fr auto; align-items: center; gap: 10px; }
    .pct { font-variant-numeric: tabular-nums; font-weight: 600; min-width: 3.2em; text-align: right; }
    .summary { margin: 0; color: var(--_fg); }
    .question { border: 1px solid color-mix(in srgb, var(--_status) 40%, transparent); border-radius: 8px;
      background: color-mix(in srgb, var(--_status) 7%, transparent); padding: 10px 12px; }
    .question strong { display: block; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--_status); margin-bottom: 2px; }
    .question ul { margin: 6px 0 0; padding: 0; list-style: none; display: flex; gap: 6px; flex-wrap: wrap; }
    .question li { border: 1px solid var(--_border); background: var(--_bg); border-radius: 999px; padding: 1px 10px; font-size: 12px; }
    .error { color: #b91c1c; background: #fef2f2; border-radius: 6px; padding: 6px 10px; font-size: 13px;
      font-family: ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap; word-break: break-word; }
    footer { display: flex; gap: 8px; font-size: 12px; color: var(--_muted); flex-wrap: wrap; }
    footer span:empty { display: none; }
    footer .conn::before { content: "●"; margin-right: 4px; font-size: 10px; color: var(--_conn, var(--_muted)); }
    details.timeline { border-top: 1px solid var(--_border); padding-top: 8px; }
    details.timeline summary { cursor: pointer; color: var(--_muted); font-size: 13px; width: max-content; }
    details.timeline summary:focus-visible { outline: 2px solid var(--lux-focus, #2563eb); outline-offset: 2px; border-radius: 4px; }
    details.timeline ol { list-style: none; margin: 8px 0 0; padding: 0; display: grid; gap: 0; }
    details.timeline li { display: grid; grid-template-columns: 12px minmax(0, 1fr) auto auto; gap: 10px; align-items: center;
      padding: 5px 0; font-size: 13px; position: relative; }
    details.timeline li::before { content: ""; width: 10px; height: 10px; border-radius: 50%; background: var(--_status);
      box-shadow: 0 0 0 2px var(--_bg); z-index: 1; }
    details.timeline li:not(:last-child)::after { content: ""; position: absolute; left: 5px; top: 50%; bottom: -50%;
      width: 2px; background: var(--_border); }
    details.timeline li.open::before { box-shadow: 0 0 0 3px color-mix(in srgb, var(--_status) 25%, transparent); }
    details.timeline .t-step { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 550; }
    details.timeline .t-status { font-size: 12px; color: var(--_status); font-weight: 600; white-space: nowrap; }
    details.timeline .t-time { font-size: 12px; color: var(--_muted); font-variant-numeric: tabular-nums; text-align: right; min-width: 5.5em; }
    details.timeline .t-note { font-size: 12px; color: var(--_muted); margin: 6px 0 0; }
  `;

  class LuxProgressElement extends LuxElement {
    static get observedAttributes() {
      return LuxElement.observedAttributes.concat(['doc']);
    }
    constructor() {
      super();
      const root = this.shadowRoot;
      root.append(el('style', { text: BASE_CSS + PROGRESS_CSS }));
      this.parts = {
        badge: el('span', { class: 'badge', part: 'status' }),
        job: el('span', { class: 'job', part: 'job' }),
        stale: el('span', { class: 'stale', part: 'stale', title: 'No word from the agent within its lease', hidden: '' }, 'stale'),
        stalled: el('span', { class: 'stale stalled', part: 'stalled', title: 'The agent writes, but progress and step have not moved', hidden: '' }, 'stalled'),
        eta: el('span', { class: 'eta', part: 'eta' }),
        id: el('div', { class: 'id' }),
        step: el('div', { class: 'step', part: 'step' }),
        fill: el('div', { class: 'fill' }),
        pct: el('span', { class: 'pct' }),
        summary: el('p', { class: 'summary', part: 'summary' }),
        question: el('div', { class: 'question', part: 'question', hidden: '' }),
        error: el('div', { class: 'error', part: 'error', hidden: '' }),
        updated: el('span', { class: 'updated' }),
        writer: el('span', { class: 'writer' }),
        conn: el('span', { class: 'conn' }),
        live: el('div', { class: 'sr', 'aria-live': 'polite', role: 'status' }),
        steps: el('ol', { 'aria-label': 'Steps, oldest first' }),
        stepsNote: el('p', { class: 't-note', role: 'status' }),
      };
      const p = this.parts;
      p.timeline = el('details', { class: 'timeline', part: 'timeline' }, el('summary', { text: 'Timeline' }), p.steps, p.stepsNote);
      p.timeline.addEventListener('toggle', () => p.timeline.open && this.loadTimeline());
      p.bar = el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', part: 'bar' }, p.fill);
      this.card = el(
        'section',
        { class: 'card', part: 'card' },
        el('header', {}, p.badge, p.job, p.stale, p.stalled),
        p.id,
        p.step,
        el('div', { class: 'progress' }, p.bar, p.pct),
        p.eta,
        p.summary,
        p.question,
        p.error,
        p.timeline,
        el('footer', {}, p.updated, p.writer, p.conn)
      );
      root.append(this.card, p.live);
      this.lastStatus = null;
      this.show(null, null, 'connecting');
    }
    get doc() {
      return this.getAttribute('doc');
    }
    set doc(value) {
      this.setAttribute('doc', value);
    }
    /** The document's data as last rendered (null while absent). */
    get state() {
      return this.handle ? this.handle.state : null;
    }
    start(lux) {
      const id = this.doc;
      if (!id) return;
      this.lastStatus = null;
      if (!this.hasCredential()) {
        this.show(null, null, 'error', NO_CREDENTIAL);
        return;
      }
      this.show(null, null, 'connecting');
      this.parts.steps.replaceChildren();
      this.parts.stepsNote.textContent = '';
      this.lastMove = undefined;
      try {
        this.handle = lux(id, this.options());
      } catch (e) {
        this.show(null, null, 'error', e.message);
        return;
      }
      const handle = this.handle;
      handle.on('status', (status) => {
        this.showConnection(status);
        this.parts.conn.textContent = status;
        this.parts.conn.style.setProperty('--_conn', status === 'live' ? '#16a34a' : status === 'closed' ? NEUTRAL : '#d97706');
      });
      handle.on('error', (error) => {
        if (!handle.state) this.show(null, null, 'error', error.detail || error.message);
        this.dispatchEvent(new CustomEvent('lux-error', { detail: error, bubbles: true, composed: true }));
      });
      let gone = null;
      handle.on('deleted', (info) => {
        gone = info.reason;
        this.dispatchEvent(new CustomEvent('lux-deleted', { detail: info, bubbles: true, composed: true }));
      });
      handle.load((data, meta) => {
        if (data) gone = null;
        this.show(data, meta, data ? 'data' : gone ? 'deleted' : 'missing', gone);
        this.dispatchEvent(new CustomEvent('lux-change', { detail: { data, meta }, bubbles: true, composed: true }));
      }).catch(() => {});
    }

    show(data, meta, kind, message) {
      const p = this.parts;
      let status;
      if (kind === 'data') status = statusOf(data.status);
      else if (kind === 'missing') status = { key: 'unknown', label: 'Not started', color: NEUTRAL };
      else if (kind === 'deleted') status = { key: 'unknown', label: message === 'expired' ? 'Expired' : 'Removed', color: NEUTRAL };
      else if (kind === 'error') status = { key: 'unknown', label: 'Unavailable', color: '#dc2626' };
      else status = { key: 'unknown', label: 'Connecting…', color: NEUTRAL };
      this.card.style.setProperty('--_status', kind === 'error' ? '#dc2626' : colorVar(status));
      this.card.dataset.status = kind === 'data' ? status.key : kind;
      this.card.classList.toggle('live', kind === 'data' && !['complete', 'failed'].includes(status.key));
      p.badge.textContent = status.label;
      p.job.textContent = (data && (data.job || data.title)) || this.doc || '';
      p.id.textContent = data && data.job ? this.doc : '';
      p.id.hidden = !p.id.textContent;
      p.stale.hidden = !(meta && meta.stale);
      const derived = (kind === 'data' && meta && meta.derived) || {};
      p.stalled.hidden = !derived.stalled;
      this.eta = derived.eta ? Date.parse(derived.eta) : null;
      p.step.replaceChildren();
      if (data && data.step != null) p.step.append(el('b', { text: 'Step' }), String(data.step));
      else if (kind === 'missing') p.step.textContent = 'No state yet: it appears here as soon as the agent writes.';
      else if (kind === 'deleted') p.step.textContent = `The job's state was ${message === 'expired' ? 'expired' : 'deleted'}; it comes back here if the agent writes again.`;
      else if (kind === 'error') p.step.textContent = message || 'The broker refused or could not be reached.';
      p.step.hidden = !p.step.textContent;

      const progress = progressOf(data);
      const complete = status.key === 'complete';
      const value = progress != null ? progress : complete ? 100 : null;
      if (value != null) {
        p.bar.setAttribute('aria-valuenow', String(value));
        p.bar.setAttribute('aria-valuetext', `${value} %, ${status.label}`);
        p.bar.classList.remove('indeterminate');
        p.fill.style.width = value + '%';
        p.pct.textContent = value + ' %';
      } else {
        p.bar.removeAttribute('aria-valuenow');
        p.bar.setAttribute('aria-valuetext', status.label);
        p.bar.classList.toggle('indeterminate', kind === 'data' && !['failed', 'queued'].includes(status.key));
        p.fill.style.width = '';
        p.pct.textContent = '–';
      }
      p.bar.setAttribute('aria-label', `Progress of ${p.job.textContent}`);

      p.summary.textContent = data && data.summary != null ? String(data.summary) : '';
      p.summary.hidden = !p.summary.textContent;

      const question = status.key === 'waiting' && data ? questionOf(data.input) : null;
      p.question.hidden = !question;
      p.question.replaceChildren();
      if (question) {
        p.question.append(el('strong', { text: 'Needs a person' }), el('span', { class: 'text', text: question.text }));
        if (question.options.length) p.question.append(el('ul', {}, ...question.options.map((o) => el('li', { text: o }))));
      }
      const error = data ? errorText(data.error) : null;
      p.error.hidden = !error || !['failed', 'retrying'].includes(status.key);
      p.error.textContent = error || '';

      this.updatedAt = meta && meta.updatedAt;
      p.writer.textContent = meta && meta.writer ? `by ${meta.writer}` : '';
      p.writer.hidden = !p.writer.textContent;
      p.timeline.hidden = kind !== 'data';
      const moved = data ? `${data.status}\u0000${data.step}` : null;
      if (p.timeline.open && moved !== this.lastMove) this.loadTimeline();
      this.lastMove = moved;
      this.tick(Date.now());

      const announce = kind === 'data' ? `${p.job.textContent}: ${status.label}` : null;
      if (announce && status.key !== this.lastStatus) p.live.textContent = announce + (meta && meta.stale ? ' (stale)' : '');
      this.lastStatus = kind === 'data' ? status.key : null;
    }

    /** Reads the step timeline over HTTP (asked for only while the disclosure is open). */
    async loadTimeline() {
      const handle = this.handle;
      const p = this.parts;
      if (!handle) return;
      if (!p.steps.childElementCount) p.stepsNote.textContent = 'Loading…';
      try {
        const steps = await handle.timeline();
        if (handle !== this.handle) return;
        this.steps = steps;
        p.steps.replaceChildren(...steps.map((step) => this.stepRow(step)));
        p.stepsNote.textContent = steps.length ? '' : 'No steps yet: the timeline starts with the first status or step.';
        this.tick(Date.now());
      } catch (e) {
        if (handle === this.handle) p.stepsNote.textContent = 'Timeline unavailable: ' + (e.detail || e.message);
      }
    }
    stepRow(step) {
      const status = statusOf(step.status);
      const open = step.endedAt == null;
      const time = el('span', { class: 't-time' });
      const row = el(
        'li',
        { class: open ? 'open' : '' },
        el('span', { class: 't-step', text: step.step != null ? step.step : '—', title: step.step || '' }),
        el('span', { class: 't-status', text: step.status != null ? status.label : '' }),
        time
      );
      row.style.setProperty('--_status', colorVar(status));
      row.time = time;
      row.step = step;
      return row;
    }
    tick(now) {
      for (const row of this.parts.steps.children) {
        const step = row.step;
        if (step.durationMs != null) row.time.textContent = duration(step.durationMs);
        else row.time.textContent = Number.isNaN(Date.parse(step.startedAt)) ? 'now' : duration(now - Date.parse(step.startedAt)) + ' so far';
      }
      this.parts.updated.textContent = this.updatedAt ? ago(this.updatedAt, now) : '';
      this.parts.eta.textContent = this.eta ? etaText(this.eta, now) : '';
      this.parts.eta.hidden = !this.parts.eta.textContent;
    }
  }

  // ------------------------------------------------------------------ <lux-fleet>

  const FLEET_CSS = `
    .wrap { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); overflow: hidden;
      box-shadow: var(--lux-shadow, 0 1px 2px rgba(15,23,42,.06)); }
    table { width: 100%; border-collapse: collapse; table-layout: fixed; }
    th { text-align: left; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--_muted);
      font-weight: 600; padding: 9px 12px; border-bottom: 1px solid var(--_border); background: color-mix(in srgb, var(--_border) 25%, var(--_bg)); }
    td { padding: 10px 12px; border-bottom: 1px solid var(--_border); vertical-align: middle; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    tbody tr { cursor: pointer; transition: background .15s; }
    tbody tr:hover { background: color-mix(in srgb, var(--_status) 5%, var(--_bg)); }
    tbody tr:focus-visible { outline: 2px solid var(--lux-focus, #2563eb); outline-offset: -2px; }
    tbody tr[aria-selected="true"] { background: color-mix(in srgb, var(--lux-focus, #2563eb) 8%, var(--_bg));
      box-shadow: inset 3px 0 0 var(--lux-focus, #2563eb); }
    tbody tr:last-child td { border-bottom: 0; }
    tr.fresh { animation: lux-flash 1.2s ease-out; }
    @keyframes lux-flash { from { background: color-mix(in srgb, var(--_status) 16%, var(--_bg)); } }
    .c-status { width: 12.5em; } .c-job { width: 28%; } .c-progress { width: 9.5em; } .c-updated { width: 7.5em; }
    td.now .step, td.now .summary { display: block; overflow: hidden; text-overflow: ellipsis; }
    td.updated .stale-slot:not(:empty) { display: block; margin-top: 2px; }
    .job { font-weight: 600; display: block; overflow: hidden; text-overflow: ellipsis; }
    .id { font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--_muted); display: block; overflow: hidden; text-overflow: ellipsis; }
    .mini { display: grid; grid-template-columns: 1fr 3em; gap: 8px; align-items: center; }
    .mini .pct { font-variant-numeric: tabular-nums; font-size: 12px; text-align: right; color: var(--_muted); }
    .summary { color: var(--_muted); font-size: 13px; }
    .summary:empty { display: none !important; }
    .summary .q { color: var(--lux-color-waiting, #b45309); font-weight: 600; }
    td.updated { color: var(--_muted); font-size: 12px; font-variant-numeric: tabular-nums; }
    .empty { padding: 28px 16px; text-align: center; color: var(--_muted); }
    .status-cell { display: flex; gap: 6px; align-items: center; }
    .rollup { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 12px;
      border-bottom: 1px solid var(--_border); background: color-mix(in srgb, var(--_border) 25%, var(--_bg)); }
    .rollup ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
    .rollup .total { font-size: 13px; color: var(--_muted); white-space: nowrap; }
    .rollup .total b { font-size: 18px; color: var(--_fg); font-variant-numeric: tabular-nums; margin-right: 4px; }
    .rollup .badge b { font-variant-numeric: tabular-nums; }
    .rollup .flags { margin-left: auto; }
    .rollup .flag { font-size: 12px; color: var(--_muted); border: 1px solid var(--_border); border-radius: 6px; padding: 1px 8px;
      background: var(--_bg); white-space: nowrap; }
    .rollup .flag b { font-variant-numeric: tabular-nums; color: var(--_fg); margin-right: 3px; }
    .rollup .flag.hot { color: var(--_flag); border-color: color-mix(in srgb, var(--_flag) 45%, transparent);
      background: color-mix(in srgb, var(--_flag) 9%, var(--_bg)); }
    .rollup .flag.hot b { color: var(--_flag); }
    .rollup .oldest { flex-basis: 100%; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 12px; color: var(--_muted); }
    .rollup .oldest:empty { display: none; }
    .rollup .ref { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--lux-focus, #2563eb); background: none;
      border: 0; padding: 0; cursor: pointer; text-decoration: underline; text-underline-offset: 2px; }
    .rollup .ref:focus-visible { outline: 2px solid var(--lux-focus, #2563eb); outline-offset: 2px; border-radius: 3px; }
    :host([summary-only]) .wrap > table, :host([summary-only]) .wrap > .empty { display: none !important; }
    :host([summary-only]) .rollup { border-bottom: 0; }
    :host { container-type: inline-size; }
    @container (max-width: 760px) { .c-updated, td.updated { display: none; } .c-job { width: 32%; } }
    @container (max-width: 520px) { .c-progress, td.progress-cell { display: none; } }
  `;

  class LuxFleetElement extends LuxElement {
    static get observedAttributes() {
      return LuxElement.observedAttributes.concat(['prefix', 'summary-only']);
    }
    constructor() {
      super();
      const root = this.shadowRoot;
      root.append(el('style', { text: BASE_CSS + FLEET_CSS }));
      this.body = el('tbody');
      this.empty = el('div', { class: 'empty', part: 'empty' }, 'Connecting…');
      const head = el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { class: 'c-status', scope: 'col', text: 'Status' }),
          el('th', { class: 'c-job', scope: 'col', text: 'Job' }),
          el('th', { class: 'c-step', scope: 'col', text: 'Step and summary' }),
          el('th', { class: 'c-progress', scope: 'col', text: 'Progress' }),
          el('th', { class: 'c-updated', scope: 'col', text: 'Updated' })
        )
      );
      this.table = el('table', { part: 'table' }, head, this.body);
      this.live = el('div', { class: 'sr', 'aria-live': 'polite', role: 'status' });
      this.header = el('section', { class: 'rollup', part: 'rollup', hidden: '' });
      root.append(el('div', { class: 'wrap', part: 'wrap' }, this.header, this.table, this.empty), this.live);
      this.header.addEventListener('click', (e) => {
        const ref = e.target.closest && e.target.closest('button[data-id]');
        if (ref) this.choose(ref.dataset.id);
      });
      this.rows = new Map();
      this.body.addEventListener('click', (e) => this.pick(e.target));
      this.body.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          this.pick(e.target);
        }
      });
    }
    get prefix() {
      return this.getAttribute('prefix') || '';
    }
    set prefix(value) {
      this.setAttribute('prefix', value);
    }
    /** The id of the highlighted row (the console sets it to the job it opened). */
    get selected() {
      return this._selected || null;
    }
    set selected(id) {
      this._selected = id;
      this.rows.forEach((row, rowId) => row.tr.setAttribute('aria-selected', String(rowId === id)));
    }
    /** The documents shown, `[{ id, data, meta }]` sorted by id. */
    get items() {
      return this.handle ? this.handle.items() : [];
    }
    /** The broker's roll-up of the prefix as last shown (docs/PROTOCOL.md, "Fleet roll-up"), or null. */
    get rollup() {
      return this.summary ? this.summary.current : null;
    }
    pick(target) {
      const tr = target.closest && target.closest('tr[data-id]');
      if (tr) this.choose(tr.dataset.id);
    }
    choose(id) {
      this.selected = id;
      this.dispatchEvent(new CustomEvent('lux-select', { detail: { id }, bubbles: true, composed: true }));
    }
    stop() {
      super.stop();
      if (this.summary) this.summary.close();
      this.summary = null;
    }
    start(lux) {
      this.rows.forEach((row) => row.tr.remove());
      this.rows.clear();
      this.table.hidden = true;
      this.header.hidden = true;
      this.empty.hidden = false;
      this.empty.textContent = 'Connecting…';
      if (!this.hasCredential()) {
        this.empty.textContent = NO_CREDENTIAL;
        return;
      }
      if (!this.prefix) {
        this.empty.textContent = 'Choose a prefix to watch, e.g. “workflow-”.';
        return;
      }
      if (this.hasAttribute('summary-only')) return this.follow(lux);
      this.handle = lux.watch(this.prefix, this.options());
      // after the fleet's subscription, so a roll-up refusal (an error naming no prefix) comes after its snapshot
      this.follow(lux);
      const fleet = this.handle;
      fleet.on('status', (status) => this.showConnection(status));
      fleet.on('error', (error) => {
        if (!fleet.documents.size) {
          this.empty.hidden = false;
          this.empty.textContent = 'Unavailable: ' + (error.detail || error.message);
        }
        this.dispatchEvent(new CustomEvent('lux-error', { detail: error, bubbles: true, composed: true }));
      });
      fleet
        .load((items, change) => {
          this.render(items, change);
          this.dispatchEvent(new CustomEvent('lux-change', { detail: { items, change }, bubbles: true, composed: true }));
        })
        .catch(() => {});
    }
    /** The header: the broker's roll-up, one small conflated stream however many rows there are. */
    follow(lux) {
      this.header.hidden = true;
      this.summary = lux.rollup(this.prefix, this.options());
      const summary = this.summary;
      if (this.hasAttribute('summary-only')) {
        this.empty.hidden = true;
        summary.on('status', (status) => this.showConnection(status));
      }
      summary.on('error', (error) => {
        if (!summary.current) this.dispatchEvent(new CustomEvent('lux-error', { detail: error, bubbles: true, composed: true }));
      });
      summary
        .load((rollup) => {
          this.renderRollup(rollup);
          this.dispatchEvent(new CustomEvent('lux-rollup', { detail: rollup, bubbles: true, composed: true }));
        })
        .catch(() => {});
    }
    renderRollup(r) {
      const order = Object.keys(STATUSES);
      const words = Object.keys(r.byStatus || {}).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
      const jobs = r.total === 1 ? 'job' : 'jobs';
      const total = el('div', { class: 'total', 'data-count': String(r.total) }, el('b', { text: String(r.total) }), `${jobs} under `, el('code', { text: `“${this.prefix}”` }));
      if (!this.prefix) total.replaceChildren(el('b', { text: String(r.total) }), jobs);
      const byStatus = el(
        'ul',
        { class: 'by-status', 'aria-label': 'By status' },
        ...words.map((word) => {
          const status = statusOf(word);
          const n = r.byStatus[word];
          const chip = el('li', { class: 'badge', 'data-status': word, 'data-count': String(n) }, el('b', { text: String(n) }), ' ' + status.label);
          chip.style.setProperty('--_status', colorVar(status));
          return chip;
        })
      );
      const FLAGS = [
        ['stale', 'stale', 'No word from the agent within its lease', '#b45309'],
        ['stalled', 'stalled', 'Writes arrive, but progress and step stand still', '#ea580c'],
        ['waiting', 'waiting', 'Waiting for a person', 'var(--lux-color-waiting, #b45309)'],
        ['failed', 'failed', 'Failed', 'var(--lux-color-failed, #dc2626)'],
      ];
      const flags = el(
        'ul',
        { class: 'flags', 'aria-label': 'Needs attention' },
        ...FLAGS.map(([key, word, title, color]) => {
          const n = r[key] || 0;
          const flag = el('li', { class: 'flag' + (n ? ' hot' : ''), 'data-flag': key, 'data-count': String(n), title }, el('b', { text: String(n) }), ' ' + word);
          flag.style.setProperty('--_flag', color);
          return flag;
        })
      );
      const oldest = el('div', { class: 'oldest' });
      if (r.oldestStale) oldest.append(el('span', { 'data-ref': 'oldestStale' }, 'Oldest stale: ', el('button', { class: 'ref', type: 'button', 'data-id': r.oldestStale, text: r.oldestStale })));
      if (r.longestWaiting) oldest.append(el('span', { 'data-ref': 'longestWaiting' }, 'Waiting longest: ', el('button', { class: 'ref', type: 'button', 'data-id': r.longestWaiting, text: r.longestWaiting })));
      this.header.setAttribute('aria-label', this.prefix ? `Jobs under ${this.prefix}` : 'All jobs');
      this.header.replaceChildren(total, byStatus, flags, oldest);
      this.header.hidden = false;
    }
    render(items, change) {
      const ids = new Set(items.map((i) => i.id));
      for (const [id, row] of this.rows) {
        if (!ids.has(id)) {
          row.tr.remove();
          this.rows.delete(id);
        }
      }
      let previous = null;
      for (const item of items) {
        let row = this.rows.get(item.id);
        if (!row) {
          row = this.row(item.id);
          this.rows.set(item.id, row);
        }
        if (row.item !== item) this.fill(row, item, change && change.id === item.id);
        const expected = previous ? previous.nextSibling : this.body.firstChild;
        if (expected !== row.tr) this.body.insertBefore(row.tr, expected);
        previous = row.tr;
      }
      this.table.hidden = items.length === 0;
      this.empty.hidden = items.length > 0;
      if (!items.length) this.empty.textContent = this.prefix ? `No jobs under “${this.prefix}” yet.` : 'No jobs yet.';
      if (change && change.kind === 'remove') this.live.textContent = `${change.id} removed`;
    }
    row(id) {
      const cells = {
        status: el('div', { class: 'status-cell' }),
        job: el('td', { class: 'job-cell' }),
        step: el('span', { class: 'step' }),
        summary: el('span', { class: 'summary' }),
        fill: el('div', { class: 'fill' }),
        pct: el('span', { class: 'pct' }),
        ago: el('span', { class: 'ago' }),
        staleSlot: el('span', { class: 'stale-slot' }),
      };
      cells.bar = el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, cells.fill);
      const tr = el(
        'tr',
        { 'data-id': id, tabindex: '0', 'aria-selected': String(id === this._selected), part: 'row' },
        el('td', {}, cells.status),
        cells.job,
        el('td', { class: 'now' }, cells.step, cells.summary),
        el('td', { class: 'progress-cell' }, el('div', { class: 'mini' }, cells.bar, cells.pct)),
        el('td', { class: 'updated' }, cells.ago, cells.staleSlot)
      );
      return { tr, cells, item: null, status: null };
    }
    fill(row, item, changed) {
      const { cells, tr } = row;
      const data = item.data || {};
      const status = statusOf(data.status);
      tr.style.setProperty('--_status', colorVar(status));
      tr.dataset.status = status.key;
      tr.classList.toggle('live', !['complete', 'failed', 'unknown'].includes(status.key));
      cells.status.replaceChildren(el('span', { class: 'badge', text: status.label }));
      cells.staleSlot.replaceChildren(item.meta.stale ? el('span', { class: 'stale', text: 'stale', title: 'No word from the agent within its lease' }) : '');
      cells.job.replaceChildren(el('span', { class: 'job', text: data.job || item.id }), data.job ? el('span', { class: 'id', text: item.id }) : null);
      cells.job.title = item.id;
      cells.step.textContent = data.step != null ? String(data.step) : '';
      cells.step.title = cells.step.textContent;
      const progress = progressOf(data);
      const value = progress != null ? progress : status.key === 'complete' ? 100 : null;
      if (value != null) {
        cells.bar.setAttribute('aria-valuenow', String(value));
        cells.fill.style.width = value + '%';
        cells.pct.textContent = value + ' %';
      } else {
        cells.bar.removeAttribute('aria-valuenow');
        cells.fill.style.width = '0';
        cells.pct.textContent = '–';
      }
      cells.bar.setAttribute('aria-label', `Progress of ${data.job || item.id}`);
      const question = status.key === 'waiting' ? questionOf(data.input) : null;
      cells.summary.replaceChildren();
      if (question) cells.summary.append(el('span', { class: 'q', text: 'Asks: ' }), question.text);
      else if (data.summary != null) cells.summary.textContent = String(data.summary);
      else if (data.error != null) cells.summary.textContent = errorText(data.error);
      cells.summary.title = cells.summary.textContent;
      row.updatedAt = item.meta.updatedAt;
      cells.ago.textContent = ago(row.updatedAt, Date.now()).replace('updated ', '');
      if (changed && row.status !== status.key) {
        tr.classList.remove('fresh');
        void tr.offsetWidth;
        tr.classList.add('fresh');
        if (row.status) this.live.textContent = `${data.job || item.id}: ${status.label}`;
      }
      row.status = status.key;
      row.item = item;
    }
    tick(now) {
      this.rows.forEach((row) => {
        if (row.updatedAt) row.cells.ago.textContent = ago(row.updatedAt, now).replace('updated ', '');
      });
    }
  }

  if (!customElements.get('lux-progress')) customElements.define('lux-progress', LuxProgressElement);
  if (!customElements.get('lux-fleet')) customElements.define('lux-fleet', LuxFleetElement);
})();
