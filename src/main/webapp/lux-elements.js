/*
 * lux-elements.js: custom elements for portals, no framework, no build.
 *
 *   <script src="https://broker.example.com/lux-elements.js"></script>
 *   <lux-progress doc="workflow-invoice-reconcile-abc123" token="…"></lux-progress>
 *   <lux-fleet prefix="workflow-" token="…"></lux-fleet>
 *
 * Attributes: `endpoint` (default: the origin that served this script + /api/lux), `token` or `api-key`;
 * or set the `getToken` property to an async function returning a short-lived token.
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
      };
      const p = this.parts;
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
      this.tick(Date.now());

      const announce = kind === 'data' ? `${p.job.textContent}: ${status.label}` : null;
      if (announce && status.key !== this.lastStatus) p.live.textContent = announce + (meta && meta.stale ? ' (stale)' : '');
      this.lastStatus = kind === 'data' ? status.key : null;
    }

    tick(now) {
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
    :host { container-type: inline-size; }
    @container (max-width: 760px) { .c-updated, td.updated { display: none; } .c-job { width: 32%; } }
    @container (max-width: 520px) { .c-progress, td.progress-cell { display: none; } }
  `;

  class LuxFleetElement extends LuxElement {
    static get observedAttributes() {
      return LuxElement.observedAttributes.concat(['prefix']);
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
      root.append(el('div', { class: 'wrap', part: 'wrap' }, this.table, this.empty), this.live);
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
    pick(target) {
      const tr = target.closest && target.closest('tr[data-id]');
      if (!tr) return;
      this.selected = tr.dataset.id;
      this.dispatchEvent(new CustomEvent('lux-select', { detail: { id: tr.dataset.id }, bubbles: true, composed: true }));
    }
    start(lux) {
      this.rows.forEach((row) => row.tr.remove());
      this.rows.clear();
      this.table.hidden = true;
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
      this.handle = lux.watch(this.prefix, this.options());
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
