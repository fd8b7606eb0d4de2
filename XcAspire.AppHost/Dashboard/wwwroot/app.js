// The XcAspire dashboard: one page, hash routes, polling the AppHost's JSON endpoints.
'use strict';

const page = document.getElementById('page');
let timer = null;        // the current view's refresh timer
let links = null;

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
};

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function every(ms, fn) {
  const run = async () => {
    try { await fn(); } catch (e) { console.error(e); }
  };
  run();
  timer = setInterval(run, ms);
}

function uptime(startedAt) {
  if (!startedAt) return '';
  let s = Math.max(0, Math.floor((Date.now() - Date.parse(startedAt)) / 1000));
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

const ms = value => value < 1 ? `${(value * 1000).toFixed(0)} µs` : value < 1000 ? `${value.toFixed(1)} ms` : `${(value / 1000).toFixed(2)} s`;
const nanosToDate = nanos => new Date(nanos / 1e6);
const palette = ['#3a5bd9', '#2e9d6a', '#c7722d', '#8d4bd6', '#c23c6b', '#1f8aa6', '#6b7a1f'];
const colors = new Map();
const serviceColor = name => {
  if (!colors.has(name)) colors.set(name, palette[colors.size % palette.length]);
  return colors.get(name);
};

// ---- resources -------------------------------------------------------------------------------

async function control(name, action) {
  const response = await fetch(`/api/resources/${encodeURIComponent(name)}/${action}`, { method: 'POST', headers: { 'X-Xc-Dashboard': '1' } });
  if (!response.ok) alert(`${action} ${name}: ${await response.text()}`);
}

function showResources() {
  const body = el('tbody');
  page.replaceChildren(el('h1', {}, 'Resources'), el('table', { id: 'resources' },
    el('thead', {}, el('tr', {}, ['Name', 'Kind', 'State', 'PID', 'URL', 'Uptime', 'Restarts', 'Actions'].map(h => el('th', {}, h)))),
    body));
  every(1000, async () => {
    const data = await getJson('/api/resources');
    body.replaceChildren(...data.resources.map(r => el('tr', { 'data-resource': r.name },
      el('td', {}, el('a', { href: `#/console/${encodeURIComponent(r.name)}` }, r.name)),
      el('td', {}, r.kind),
      el('td', {}, el('span', { class: `state ${r.state}` }, r.state)),
      el('td', { class: 'mono' }, r.processId ?? ''),
      el('td', {}, r.url && r.url.startsWith('http') ? el('a', { href: r.url, target: '_blank', rel: 'noopener' }, r.url) : (r.url ?? '')),
      el('td', {}, r.state === 'running' ? uptime(r.startedAt) : ''),
      el('td', {}, r.restarts),
      el('td', {}, r.canControl ? ['start', 'stop', 'restart'].map(a => el('button', { onclick: () => control(r.name, a) }, a)) : ''))));
  });
}

// ---- console ---------------------------------------------------------------------------------

async function showConsole(name) {
  const data = await getJson('/api/resources');
  name = name || data.resources[0]?.name;
  const picker = el('select', { onchange: e => { location.hash = `#/console/${encodeURIComponent(e.target.value)}`; } },
    data.resources.map(r => { const o = el('option', { value: r.name }, r.name); if (r.name === name) o.selected = true; return o; }));
  const output = el('pre', { class: 'console', id: 'console' });
  page.replaceChildren(el('h1', {}, 'Console'), el('div', { class: 'toolbar' }, 'Resource', picker), output);
  let last = -1;
  every(1000, async () => {
    const chunk = await getJson(`/api/resources/${encodeURIComponent(name)}/console?after=${last}`);
    if (!chunk.lines.length) return;
    const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 5;
    for (const line of chunk.lines) {
      output.append(el('span', { class: line.isError ? 'err' : '' }, line.text + '\n'));
    }
    while (output.childNodes.length > 5000) output.firstChild.remove();
    last = chunk.last;
    if (atBottom) output.scrollTop = output.scrollHeight;
  });
}

// ---- traces ----------------------------------------------------------------------------------

function showTraces() {
  const search = el('input', { placeholder: 'Filter: span name, service, attribute value', size: 40 });
  const body = el('tbody');
  page.replaceChildren(el('h1', {}, 'Traces'), el('div', { class: 'toolbar' }, search),
    el('table', { id: 'traces' },
      el('thead', {}, el('tr', {}, ['Started', 'Name', 'Services', 'Spans', 'Errors', 'Duration'].map(h => el('th', {}, h)))), body));
  every(2000, async () => {
    const data = await getJson(`/api/traces?limit=200&search=${encodeURIComponent(search.value)}`);
    body.replaceChildren(...data.traces.map(t => el('tr', { class: 'clickable', 'data-trace': t.traceId, onclick: () => { location.hash = `#/traces/${t.traceId}`; } },
      el('td', { class: 'mono' }, nanosToDate(t.startUnixNano).toLocaleTimeString()),
      el('td', {}, t.name),
      el('td', {}, t.services.map(s => el('span', { class: 'state', style: `background:${serviceColor(s)};color:#fff;margin-right:4px` }, s))),
      el('td', {}, t.spanCount),
      el('td', { class: t.errorCount ? 'error' : '' }, t.errorCount),
      el('td', {}, ms(t.durationMs)))));
  });
}

function orderSpans(spans) {
  const byParent = new Map();
  const ids = new Set(spans.map(s => s.spanId));
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push(span);
  }
  const ordered = [];
  const visit = (parent, depth) => {
    for (const span of (byParent.get(parent) || []).sort((a, b) => a.startUnixNano - b.startUnixNano)) {
      ordered.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

async function showTrace(traceId) {
  const trace = await getJson(`/api/traces/${traceId}`);
  const start = Math.min(...trace.spans.map(s => s.startUnixNano));
  const end = Math.max(...trace.spans.map(s => s.endUnixNano));
  const total = Math.max(end - start, 1);
  const details = el('div', { class: 'details' });
  const rows = orderSpans(trace.spans).map(({ span, depth }) => {
    const left = (span.startUnixNano - start) / total * 100;
    const width = Math.max((span.endUnixNano - span.startUnixNano) / total * 100, 0.2);
    const row = el('div', { class: 'wf-row', 'data-span': span.spanId },
      el('div', { class: 'wf-name', style: `padding-left:${8 + depth * 16}px`, title: span.name },
        el('span', { class: 'svc', style: `background:${serviceColor(span.service)}` }, span.instance || span.service), span.name,
        // A SQL span's name is only "postgresql": its statement says what it did.
        span.attributes['db.query.text'] ? el('span', { class: 'muted mono' }, ' ' + span.attributes['db.query.text'].slice(0, 80)) : null),
      el('div', { class: 'wf-track' },
        el('div', { class: `wf-bar${span.statusCode === 2 ? ' err' : ''}`, style: `left:${left}%;width:${width}%;background:${serviceColor(span.service)}` })),
      el('div', { class: 'wf-dur' }, ms((span.endUnixNano - span.startUnixNano) / 1e6)));
    row.addEventListener('click', () => {
      document.querySelectorAll('.wf-row.selected').forEach(r => r.classList.remove('selected'));
      row.classList.add('selected');
      details.replaceChildren(el('h2', {}, span.name), el('table', {}, el('tbody', {},
        [['service', `${span.service}${span.instance ? ` (${span.instance})` : ''}`], ['scope', span.scope], ['span id', span.spanId],
          ['status', span.statusCode === 2 ? `error${span.statusMessage ? `: ${span.statusMessage}` : ''}` : 'ok'],
          ...Object.entries(span.attributes)].map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', { class: 'mono' }, v))))));
    });
    return row;
  });
  page.replaceChildren(
    el('h1', {}, 'Trace ', el('span', { class: 'mono muted' }, traceId)),
    el('div', { class: 'toolbar' }, el('a', { href: '#/traces' }, '← all traces'),
      el('span', { class: 'muted' }, `${trace.spans.length} spans · ${ms(total / 1e6)} · started ${nanosToDate(start).toLocaleTimeString()}`)),
    el('div', { class: 'waterfall', id: 'waterfall' },
      el('div', { class: 'wf-head' }, el('div', { style: 'padding-left:8px' }, 'Span'), el('div', {}, '0'), el('div', { style: 'text-align:right;padding-right:8px' }, ms(total / 1e6))),
      rows),
    details);
}

// ---- metrics ---------------------------------------------------------------------------------

function sparkline(samples) {
  const width = 600, height = 120;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  if (samples.length > 1) {
    const t0 = Date.parse(samples[0].time), t1 = Date.parse(samples[samples.length - 1].time);
    const max = Math.max(...samples.map(s => s.total), 1);
    const points = samples.map(s => `${((Date.parse(s.time) - t0) / Math.max(t1 - t0, 1)) * (width - 20) + 10},${height - 10 - (s.total / max) * (height - 20)}`);
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', points.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', '#3a5bd9');
    line.setAttribute('stroke-width', '2');
    svg.append(line);
  }
  return svg;
}

function showMetrics() {
  const cards = el('div', { class: 'cards' });
  const chart = el('div');
  const steps = el('tbody');
  const series = el('tbody');
  page.replaceChildren(el('h1', {}, 'Metrics'), cards,
    el('h2', {}, 'Results imported (total over time)'), chart,
    el('h2', {}, 'Races by phase (race steps finished, from xc.race.steps)'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Step'), el('th', {}, 'Outcome'), el('th', {}, 'Races'))), steps),
    el('h2', {}, 'Every series'),
    el('table', {}, el('thead', {}, el('tr', {}, ['Metric', 'Attributes', 'Total', 'Count', 'Per second'].map(h => el('th', {}, h)))), series));
  const card = (label, value) => el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value' }, value));
  every(2000, async () => {
    const m = await getJson('/api/metrics');
    cards.replaceChildren(
      card('Results imported / s', m.resultsImportedPerSecond.toFixed(1)),
      card('Results imported', m.resultsImported),
      card('Lease takeovers', m.leaseTakeovers),
      card('Race retries', m.retries));
    chart.replaceChildren(sparkline(m.resultsImportedHistory));
    steps.replaceChildren(...(m.raceSteps.length ? m.raceSteps.map(s => el('tr', {}, el('td', {}, s.step), el('td', {}, s.outcome), el('td', {}, s.count)))
      : [el('tr', {}, el('td', { colspan: 3, class: 'muted' }, 'No race has run yet.'))]));
    series.replaceChildren(...m.series.map(s => el('tr', {},
      el('td', { class: 'mono' }, s.name + (s.unit ? ` (${s.unit})` : '')),
      el('td', { class: 'mono muted' }, Object.entries(s.attributes).map(([k, v]) => `${k}=${v}`).join(', ')),
      el('td', {}, Number.isInteger(s.total) ? s.total : s.total.toFixed(3)),
      el('td', {}, s.count || ''),
      el('td', {}, s.ratePerSecond === null ? '' : s.ratePerSecond.toFixed(2)))));
  });
}

// ---- structured logs -------------------------------------------------------------------------

function showLogs() {
  const body = el('tbody');
  page.replaceChildren(el('h1', {}, 'Structured logs'),
    el('table', {}, el('thead', {}, el('tr', {}, ['Time', 'Service', 'Level', 'Category', 'Message', 'Trace'].map(h => el('th', {}, h)))), body));
  let last = -1;
  every(2000, async () => {
    const data = await getJson(`/api/logs?after=${last}`);
    last = data.last;
    for (const r of data.records) {
      body.prepend(el('tr', {},
        el('td', { class: 'mono' }, nanosToDate(r.timeUnixNano).toLocaleTimeString()),
        el('td', {}, r.instance || r.service),
        el('td', { class: /Error|Fatal/.test(r.severity) ? 'error' : '' }, r.severity),
        el('td', { class: 'mono muted' }, r.category),
        el('td', {}, r.body),
        el('td', {}, r.traceId ? el('a', { href: `#/traces/${r.traceId}` }, 'trace') : '')));
    }
    while (body.childNodes.length > 2000) body.lastChild.remove();
  });
}

// ---- routing ---------------------------------------------------------------------------------

async function route() {
  clearInterval(timer);
  const [, pageName = 'resources', arg] = location.hash.split('/').map(decodeURIComponent);
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === pageName));
  try {
    if (pageName === 'console') await showConsole(arg);
    else if (pageName === 'traces' && arg) await showTrace(arg);
    else if (pageName === 'traces') showTraces();
    else if (pageName === 'metrics') showMetrics();
    else if (pageName === 'logs') showLogs();
    else showResources();
  } catch (e) {
    page.replaceChildren(el('p', { class: 'error' }, e.message));
  }
}

(async () => {
  try {
    links = (await getJson('/api/resources')).links;
    document.getElementById('link-admin').href = links.adminUi;
    document.getElementById('link-scalar').href = links.apiReference;
  } catch (e) { console.error(e); }
})();
window.addEventListener('hashchange', route);
route();
