// The collector's dashboard: reads the token-protected API with the Authorization header and
// shows what arrived. Text from reports is only ever set as textContent, never parsed as HTML.

const TOKEN_KEY = 'blockwatch-collector-token';
const KINDS = [
  'dns',
  'tcp_reset',
  'timeout',
  'tls',
  'tls_mitm',
  'blockpage',
  'unreachable',
  'down_everywhere',
  'throttled',
  'outage',
  'ok',
];
const COLORS = {
  dns: '#1f77b4',
  tcp_reset: '#d62728',
  timeout: '#ff7f0e',
  tls: '#9467bd',
  tls_mitm: '#8c564b',
  blockpage: '#e377c2',
  unreachable: '#7f7f7f',
  down_everywhere: '#bcbd22',
  throttled: '#17becf',
  outage: '#393b79',
  ok: '#2ca02c',
};

const $ = (selector) => document.querySelector(selector);
let chart = null;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token()}` }, cache: 'no-store' });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new HttpError(res.status, body.error || `HTTP ${res.status}`);
  }
  return res;
}

/** The filters as query parameters; dates are whole UTC days, "until" inclusive. */
function filterParams({ withBucket }) {
  const form = new FormData($('#filters'));
  const params = new URLSearchParams();
  const since = form.get('since');
  const until = form.get('until');
  if (since) params.set('since', since);
  if (until) params.set('until', new Date(Date.parse(until) + 86_400_000).toISOString().slice(0, 10));
  for (const name of ['host', 'kind', 'asn', 'cc']) {
    const value = String(form.get(name) || '').trim();
    if (value) params.set(name, value);
  }
  if (withBucket) params.set('bucket', form.get('bucket'));
  return params;
}

function showError(message) {
  const el = $('#error');
  el.textContent = message;
  el.hidden = !message;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function fillTable(selector, items, columns, emptyText) {
  const body = $(`${selector} tbody`);
  body.replaceChildren();
  if (items.length === 0) {
    const row = body.insertRow();
    const td = cell(row, emptyText, 'empty');
    td.colSpan = columns.length;
    return;
  }
  for (const item of items) {
    const row = body.insertRow();
    for (const [get, className] of columns) cell(row, String(get(item)), className);
  }
}

const utc = (iso) => iso.slice(0, 16).replace('T', ' ');

function label(t, bucket) {
  return bucket === 'hour' ? utc(t) : t.slice(0, 10);
}

function drawChart(stats) {
  const kinds = KINDS.filter((k) => stats.overTime.some((b) => b.byKind[k]));
  const data = {
    labels: stats.overTime.map((b) => label(b.t, stats.bucket)),
    datasets: kinds.map((kind) => ({
      label: kind,
      data: stats.overTime.map((b) => b.byKind[kind] || 0),
      backgroundColor: COLORS[kind],
      stack: 'reports',
    })),
  };
  if (chart) {
    chart.data = data;
    chart.update();
    return;
  }
  chart = new Chart($('#chart'), {
    type: 'bar',
    data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

async function refresh() {
  showError('');
  try {
    const statsParams = filterParams({ withBucket: true });
    const listParams = filterParams({ withBucket: false });
    listParams.set('limit', '50');
    const [stats, list, grid] = await Promise.all([
      api(`/v1/stats?${statsParams}`).then((r) => r.json()),
      api(`/v1/reports?${listParams}`).then((r) => r.json()),
      api(`/v1/stats/grid?${filterParams({ withBucket: false })}`).then((r) => r.json()),
    ]);
    $('#summary').textContent = `— ${stats.total} reports from ${stats.reporters} reporter keys`;
    drawChart(stats);
    fillTable('#kinds', stats.byKind, [[(k) => k.kind], [(k) => k.count, 'num']], 'no reports');
    fillTable(
      '#hosts',
      stats.byHost,
      [[(h) => h.host], [(h) => h.count, 'num'], [(h) => h.reporters, 'num'], [(h) => utc(h.lastSeen), 'nowrap']],
      'no reports',
    );
    fillTable(
      '#reports',
      list.reports,
      [
        [(r) => utc(r.createdAt), 'nowrap'],
        [(r) => r.host, 'nowrap'],
        [(r) => r.kind, 'nowrap'],
        [(r) => (r.report.verdict.confirmed ? 'yes' : 'no')],
        [(r) => r.trigger],
        [(r) => r.report.url],
        [(r) => r.report.note || ''],
        [(r) => r.keyFingerprint, 'nowrap'],
        [
          (r) =>
            r.network
              ? `${window.BlockwatchNetworks.networkLabel(r.network)} ${r.network.cc || ''}${r.networkSource === 'received' ? ' (delivery)' : ''}`
              : '—',
        ],
      ],
      'no reports',
    );
    window.BlockwatchNetworks.render(stats, grid, COLORS);
    document.body.dataset.loaded = String(Date.now());
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) {
      logout();
      showLoginError(err.message);
      return;
    }
    showError(err instanceof Error ? err.message : String(err));
  }
}

async function download(dataset, format) {
  showError('');
  try {
    const params = filterParams({ withBucket: dataset === 'time' });
    params.set('format', format);
    const res = await api(`/v1/export/${dataset}?${params}`);
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '')?.[1] || `blockwatch-${dataset}.${format}`;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    showError(err instanceof Error ? err.message : String(err));
  }
}

function showLoginError(message) {
  let p = $('#login .error');
  if (!p) {
    p = document.createElement('p');
    p.className = 'error';
    $('#login').append(p);
  }
  p.textContent = message;
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  $('#main').hidden = true;
  $('#login').hidden = false;
}

function openDashboard() {
  $('#login').hidden = true;
  $('#main').hidden = false;
  $('#login .error')?.remove();
  return refresh();
}

function init() {
  const kindSelect = $('#filters select[name=kind]');
  for (const kind of KINDS) kindSelect.add(new Option(kind, kind));

  $('#login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('#token').value.trim());
    $('#token').value = '';
    void openDashboard();
  });
  $('#filters').addEventListener('submit', (event) => {
    event.preventDefault();
    void refresh();
  });
  $('#logout').addEventListener('click', logout);
  for (const button of document.querySelectorAll('[data-export]')) {
    button.addEventListener('click', () => void download(button.dataset.export, button.dataset.format));
  }
  if (token()) void openDashboard();
}

init();
