// Caravan's operator console: signs in with a bearer token and drives the admin API (/api). Data is rendered as text only.
'use strict';

(function () {
  const TOKEN_KEY = 'caravan.token';
  const VIEWER_KEY = 'caravan.viewer';
  const VIEWS = ['queues', 'tracking', 'quarantine', 'poison', 'routes'];

  // ---- small helpers: every value from the API becomes a text node, never markup ----------------------------

  const $ = (id) => document.getElementById(id);

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'onclick') e.addEventListener('click', v);
      else if (k === 'data') Object.entries(v).forEach(([dk, dv]) => { e.dataset[dk] = String(dv); });
      else e.setAttribute(k, String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  function button(label, onclick, props) {
    return el('button', Object.assign({ type: 'button', onclick }, props || {}), label);
  }

  function changeButton(label, onclick, props) {
    const b = button(label, onclick, Object.assign({ class: 'change' }, props || {}));
    b.disabled = isViewer();
    return b;
  }

  function fill(tbody, rows, empty, columns) {
    tbody.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, el('td', { colspan: columns }, empty))]));
  }

  function age(seconds) {
    if (seconds === null || seconds === undefined) return '';
    const s = Number(seconds);
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
  }

  const list = (values) => (Array.isArray(values) ? values.join(', ') : (values || ''));

  function notice(text, kind) {
    const n = $('notice');
    n.textContent = text;
    n.className = kind || 'info';
    n.hidden = !text;
  }

  // ---- the token and the API ----------------------------------------------------------------------------------

  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const isViewer = () => sessionStorage.getItem(VIEWER_KEY) === 'yes';

  class ApiError extends Error {}

  /** Calls the admin API with the token; 401 signs out, 403 explains the viewer role. Resolves to the JSON answer. */
  async function api(method, path) {
    const response = await fetch(path, {
      method,
      headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (response.status === 401) {
      signOut('Sign in again: the token was not accepted.');
      throw new ApiError('401');
    }
    if (response.status === 403) {
      sessionStorage.setItem(VIEWER_KEY, 'yes');
      document.querySelectorAll('button.change').forEach((b) => { b.disabled = true; });
      notice('Not allowed: this token has the viewer role, which may look but not change anything (403).', 'error');
      throw new ApiError('403');
    }
    if (response.status === 429) {
      notice('Too many failed sign-in attempts from this address; try again later (429).', 'error');
      throw new ApiError('429');
    }
    const text = await response.text();
    let body = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch (e) {
      body = { error: text };
    }
    if (!response.ok) {
      notice((body.error || 'Request failed') + ' (' + response.status + ')', 'error');
      throw new ApiError(String(response.status));
    }
    return body;
  }

  /** Runs an action; API errors were already shown, anything else is shown here. */
  async function attempt(action) {
    try {
      await action();
    } catch (e) {
      if (!(e instanceof ApiError)) notice('The console could not reach Caravan: ' + e.message, 'error');
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(VIEWER_KEY);
    $('nav').hidden = true;
    $('sign-out').hidden = true;
    document.querySelectorAll('.view').forEach((v) => { v.hidden = true; });
    $('sign-in').hidden = false;
    $('token').value = '';
    notice(message || '', message ? 'error' : 'info');
  }

  function signedIn() {
    $('sign-in').hidden = true;
    $('nav').hidden = false;
    $('sign-out').hidden = false;
    show();
  }

  // ---- views --------------------------------------------------------------------------------------------------

  function currentView() {
    const name = location.hash.replace('#', '').split('/')[0];
    return VIEWS.includes(name) ? name : 'queues';
  }

  function show() {
    if (!token()) return signOut();
    const view = currentView();
    VIEWS.forEach((v) => {
      $('view-' + v).hidden = v !== view;
      $('nav-' + v).classList.toggle('current', v === view);
    });
    const loaders = { queues: loadQueues, tracking: () => {}, quarantine: loadQuarantine, poison: loadPoison, routes: loadRoutes };
    attempt(loaders[view]);
  }

  // Queues per next hop: Get-Queue / mailq, with retry, suspend and resume.
  async function loadQueues() {
    const data = await api('GET', '/api/queues');
    $('queue-depths').replaceChildren(...Object.entries(data.queues || {}).map(([q, n]) =>
      el('span', { class: 'depth', data: { queue: q } }, q + ': ' + n)));
    const rows = (data.nextHops || []).map((q) => el('tr', { data: { hop: q.nextHop } },
      el('td', {}, q.nextHop), el('td', {}, q.sendConnector), el('td', { class: 'count' }, q.messages),
      el('td', {}, age(q.oldestAgeSeconds)), el('td', { class: 'next-retry' }, q.nextRetry || ''),
      el('td', { class: 'reply' }, q.lastError || ''), el('td', { class: 'state' }, q.suspended ? suspendedText(q) : 'active'),
      el('td', { class: 'buttons' },
        changeButton('Retry', () => hopAction(q.nextHop, 'retry'), { class: 'change retry' }),
        q.suspended ? changeButton('Resume', () => hopAction(q.nextHop, 'resume'), { class: 'change resume' })
          : changeButton('Suspend', () => hopAction(q.nextHop, 'suspend'), { class: 'change suspend' }),
        button('Messages', () => attempt(() => loadHop(q.nextHop)), { class: 'messages' }))));
    fill($('next-hops').tBodies[0], rows, 'Nothing is waiting for delivery.', 8);
    const suspensions = data.suspensions || {};
    $('suspensions-stale').hidden = suspensions.current !== false;
    $('suspensions-stale').textContent = 'The broker could not be read' + (suspensions.error ? ' (' + suspensions.error + ')' : '')
      + ': suspensions as last read' + (suspensions.readAt ? ' at ' + suspensions.readAt : '') + '.';
    const open = $('hop-messages').dataset.hop;
    if (open && !$('hop-messages').hidden) await loadHop(open);
  }

  // Suspensions are shared by every instance on the broker: who suspended the next hop, and since when.
  function suspendedText(q) {
    return 'suspended' + (q.suspendedBy ? ' by ' + q.suspendedBy : '') + (q.suspendedSince ? ' since ' + q.suspendedSince : '');
  }

  async function hopAction(hop, action) {
    await attempt(async () => {
      await api('POST', '/api/queues/' + encodeURIComponent(hop) + '/' + action);
      notice(action + ': ' + hop, 'info');
      await loadQueues();
    });
  }

  async function loadHop(hop) {
    const data = await api('GET', '/api/queues/' + encodeURIComponent(hop));
    $('hop-messages').dataset.hop = hop;
    $('hop-name').textContent = hop;
    const rows = (data.messages || []).map((m) => el('tr', { data: { queueId: m.queueId } },
      el('td', {}, button(m.queueId, () => openTimeline(m.queueId), { class: 'link' })),
      el('td', {}, m.from), el('td', {}, list(m.recipients)), el('td', {}, m.size), el('td', {}, age(m.ageSeconds)),
      el('td', { class: 'attempts' }, m.attempts), el('td', { class: 'reply' }, m.lastReply || ''),
      el('td', { class: 'next-attempt' }, m.nextAttempt || ''),
      el('td', { class: 'buttons' },
        changeButton('With report', () => removeMessage(m.queueId, true)),
        changeButton('Without report', () => removeMessage(m.queueId, false)))));
    fill($('hop-table').tBodies[0], rows, 'No messages for this next hop.', 9);
    $('hop-messages').hidden = false;
  }

  async function removeMessage(queueId, report) {
    const how = report ? 'with a delivery report to the sender' : 'silently (no report)';
    if (!window.confirm('Remove ' + queueId + ' ' + how + '?')) return;
    await attempt(async () => {
      const r = await api('DELETE', '/api/messages/' + encodeURIComponent(queueId) + (report ? '?report=yes' : ''));
      notice('Removed ' + r.removed + ' cop' + (r.removed === 1 ? 'y' : 'ies') + ' of ' + queueId, 'info');
      await loadQueues();
    });
  }

  // Tracking: Get-MessageTrackingLog, and one message's timeline.
  async function search(event) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const field of $('tracking-form').elements) {
      if (!field.name || !field.value.trim()) continue;
      const value = field.type === 'datetime-local' ? new Date(field.value).toISOString() : field.value.trim();
      params.set(field.name, value);
    }
    await attempt(async () => {
      const data = await api('GET', '/api/tracking?' + params.toString());
      const rows = (data.events || []).map((e) => el('tr', { data: { event: e.event, queueId: e.queueId || '' } },
        el('td', {}, e.time), el('td', { class: 'event' }, e.event),
        el('td', {}, e.queueId ? button(e.queueId, () => openTimeline(e.queueId), { class: 'link' }) : ''),
        el('td', {}, e.messageId || ''), el('td', {}, e.sender || ''), el('td', {}, list(e.recipients)),
        el('td', {}, e.clientIp || ''), el('td', { class: 'details' }, details(e))));
      fill($('tracking-results').tBodies[0], rows, 'No event matches.', 8);
      $('tracking-more').hidden = !data.more;
      showPartial(data);
    });
  }

  // A search on several instances: name the ones that did not answer, so a missing event is not taken for an absent one.
  function showPartial(data) {
    const missing = ((data.peers || {}).unanswered || []).map((p) => p.peer + (p.error ? ' (' + p.error + ')' : ''));
    $('tracking-partial').hidden = !data.partial;
    $('tracking-partial').textContent = 'Partial answer: no reply from ' + (missing.join(', ') || 'some instances') + '.';
  }

  const COMMON = ['time', 'event', 'queueId', 'messageId', 'sender', 'recipients', 'clientIp', 'details'];

  /** An event's own facts (reply, host, next hop...), whether the API nests them under "details" or not. */
  function factsOf(e) {
    const facts = Object.assign({}, e.details || {});
    Object.entries(e).forEach(([k, v]) => { if (!COMMON.includes(k) && v !== null && typeof v !== 'object') facts[k] = v; });
    return facts;
  }

  function details(e) {
    return el('dl', { class: 'facts' }, Object.entries(factsOf(e)).map(([k, v]) =>
      [el('dt', {}, k), el('dd', { class: k === 'reply' ? 'reply' : '' }, v)]));
  }

  async function openTimeline(queueId) {
    if (currentView() !== 'tracking') location.hash = '#tracking';
    await attempt(async () => {
      const data = await api('GET', '/api/tracking/messages/' + encodeURIComponent(queueId));
      $('timeline-id').textContent = data.queueId || queueId;
      showPartial(data);
      $('timeline-events').replaceChildren(...(data.events || []).map((e) => el('li', { data: { event: e.event } },
        el('span', { class: 'time' }, e.time), ' ', el('strong', { class: 'event' }, e.event), ' ',
        el('span', { class: 'recipients' }, list(e.recipients)), details(e))));
      const related = (data.related || []).map((r) => (typeof r === 'string' ? r : (r && r.queueId) || ''))
        .filter((r) => r);
      $('timeline-related').replaceChildren(...(related.length
        ? ['Related messages: ', ...related.map((r) => button(r, () => openTimeline(r), { class: 'link' }))] : []));
      $('timeline').hidden = false;
      $('timeline').scrollIntoView();
    });
  }

  // Quarantine: Get-QuarantineMessage, Release-QuarantineMessage, Delete-QuarantineMessage.
  async function loadQuarantine() {
    const data = await api('GET', '/api/quarantine');
    const rows = (data.messages || []).map((m) => el('tr', { data: { queueId: m.queueId } },
      el('td', {}, m.queueId), el('td', {}, m.agent), el('td', {}, m.reason), el('td', {}, m.score === null ? '' : m.score),
      el('td', {}, m.sender), el('td', {}, list(m.recipients)), el('td', {}, m.subject || ''), el('td', {}, m.size),
      el('td', {}, age(m.ageSeconds)),
      el('td', { class: 'buttons' },
        button('Show', () => attempt(() => showQuarantined(m.queueId)), { class: 'show' }),
        changeButton('Release', () => quarantineAction(m.queueId, 'POST', '/release', 'Released'), { class: 'change release' }),
        changeButton('Delete', () => {
          if (window.confirm('Delete ' + m.queueId + ' unreleased?')) quarantineAction(m.queueId, 'DELETE', '', 'Deleted');
        }, { class: 'change delete' }))));
    fill($('quarantine-table').tBodies[0], rows, 'The quarantine is empty.', 10);
  }

  async function showQuarantined(queueId) {
    const m = await api('GET', '/api/quarantine/' + encodeURIComponent(queueId));
    $('quarantine-id').textContent = m.queueId;
    $('quarantine-headers').textContent = m.headers || '';
    $('quarantine-detail').hidden = false;
  }

  async function quarantineAction(queueId, method, suffix, done) {
    await attempt(async () => {
      await api(method, '/api/quarantine/' + encodeURIComponent(queueId) + suffix);
      notice(done + ' ' + queueId, 'info');
      $('quarantine-detail').hidden = true;
      await loadQuarantine();
    });
  }

  // Poison: copies that crashed a stage too often.
  async function loadPoison() {
    const data = await api('GET', '/api/poison');
    const rows = (data.messages || []).map((m) => el('tr', { data: { queueId: m.queueId } },
      el('td', {}, m.queueId), el('td', {}, m.from), el('td', {}, list(m.recipients)), el('td', {}, m.size),
      el('td', {}, age(m.ageSeconds)), el('td', { class: 'reply' }, m.poisonReason || ''),
      el('td', {}, changeButton('Resubmit', () => resubmit(m.queueId), { class: 'change resubmit' }))));
    fill($('poison-table').tBodies[0], rows, 'No poison messages.', 7);
  }

  async function resubmit(queueId) {
    await attempt(async () => {
      const path = queueId ? '/api/poison/' + encodeURIComponent(queueId) + '/resubmit' : '/api/poison/resubmit';
      const r = await api('POST', path);
      notice('Resubmitted ' + r.resubmitted, 'info');
      await loadPoison();
    });
  }

  // Routes: each YAML route as a vertical diagram of its steps, with exchange counts; and the broker's queues.
  function counts(stats) {
    if (!stats) return '';
    const mean = stats.meanMs >= 0 ? stats.meanMs + ' ms' : '–'; // Camel says -1 before the first exchange
    return stats.total + ' total / ' + stats.failed + ' failed / ' + stats.inflight + ' in flight · mean ' + mean;
  }

  async function loadRoutes() {
    const data = await api('GET', '/api/routes');
    fill($('broker-queues').tBodies[0], Object.entries(data.queues || {}).map(([q, n]) =>
      el('tr', { data: { queue: q } }, el('td', {}, q), el('td', { class: 'count' }, n))), 'No queues.', 2);
    $('route-diagrams').replaceChildren(...(data.routes || []).map((r) => {
      const top = Math.min(...(r.steps || []).map((s) => s.level), Infinity);
      const steps = (r.steps || []).map((s) => {
        const box = el('li', { class: 'step' + (s.stats && s.stats.failed > 0 ? ' failed' : ''), data: { step: s.id } },
          el('span', { class: 'type' }, s.type), ' ', el('span', { class: 'label' }, s.label),
          el('span', { class: 'stats' }, counts(s.stats)));
        box.style.marginLeft = (2 * Math.max(0, s.level - top)) + 'em';
        return box;
      });
      return el('article', { class: 'route', data: { route: r.id } },
        el('h3', {}, r.id, ' ', el('span', { class: 'state' }, r.state)),
        el('p', { class: 'source' }, r.source || ''),
        el('p', { class: 'stats route-stats' }, counts(r.stats)),
        el('ol', { class: 'diagram' }, el('li', { class: 'step from' }, el('span', { class: 'type' }, 'from'), ' ',
          el('span', { class: 'label' }, r.from)), steps));
    }));
  }

  // ---- wiring -------------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
      sessionStorage.removeItem(VIEWER_KEY);
      $('token').value = '';
      notice('', 'info');
      await attempt(async () => {
        await api('GET', '/api/queues');
        signedIn();
      });
    });
    $('sign-out').addEventListener('click', () => signOut());
    $('queues-refresh').addEventListener('click', () => attempt(loadQueues));
    $('queues-retry-all').addEventListener('click', () => attempt(async () => {
      await api('POST', '/api/queues/retry');
      notice('retry: all next hops', 'info');
      await loadQueues();
    }));
    $('tracking-form').addEventListener('submit', search);
    $('quarantine-refresh').addEventListener('click', () => attempt(loadQuarantine));
    $('poison-refresh').addEventListener('click', () => attempt(loadPoison));
    $('poison-resubmit-all').addEventListener('click', () => resubmit(null));
    $('routes-refresh').addEventListener('click', () => attempt(loadRoutes));
    window.addEventListener('hashchange', () => { if (token()) show(); });
    if (token()) {
      signedIn();
      if (isViewer()) document.querySelectorAll('button.change').forEach((b) => { b.disabled = true; });
    } else {
      signOut();
    }
  });
})();
