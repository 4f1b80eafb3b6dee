// The dashboard's charts and panels, drawn as inline SVG and plain DOM from the API's JSON (no
// library, nothing fetched from elsewhere; textContent only, so no name can inject markup).
const ns = 'http://www.w3.org/2000/svg';
const colours = {
  verified: '#2e7d32',
  applied: '#66bb6a',
  claimed: '#fbc02d',
  planned: '#b0bec5',
  failed: '#c62828',
  skipped: '#8d6e63',
  expected: '#90a4ae',
  actual: '#1565c0',
};
const states = ['verified', 'applied', 'claimed', 'planned', 'failed', 'skipped'];

function el(name, attributes = {}, text) {
  const node = document.createElementNS(ns, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(width, height, label) {
  return el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label });
}

/** Per wave: one stacked bar of its actions by state. */
export function waveBars(waves) {
  const chart = svg(600, 24 * waves.length + 10, 'Progress per wave');
  waves.forEach((w, row) => {
    const total = states.reduce((n, s) => n + w.counts[s], 0) || 1;
    let x = 120;
    chart.append(el('text', { x: 0, y: row * 24 + 16 }, w.name));
    for (const s of states) {
      const width = (w.counts[s] / total) * 460;
      const rect = el('rect', { x, y: row * 24 + 4, width, height: 18, fill: colours[s], 'data-state': s });
      rect.append(el('title', {}, `${s}: ${w.counts[s]}`));
      chart.append(rect);
      x += width;
    }
  });
  return chart;
}

/** Cumulative applied actions over time (line) with failures per interval (bars). */
export function progressChart(points) {
  const width = 600,
    height = 180,
    left = 50,
    bottom = 20;
  const chart = svg(width, height, 'Progress over time');
  if (points.length === 0) {
    chart.append(el('text', { x: left, y: height / 2 }, 'nothing applied yet'));
    return chart;
  }
  const top = Math.max(1, points.at(-1).applied, ...points.map((p) => p.failed));
  const x = (i) => left + (points.length === 1 ? 0 : (i / (points.length - 1)) * (width - left - 10));
  const y = (v) => height - bottom - (v / top) * (height - bottom - 10);
  chart.append(el('line', { x1: left, y1: height - bottom, x2: width - 10, y2: height - bottom, stroke: '#555' }));
  chart.append(el('text', { x: 0, y: y(top) + 4 }, String(top)));
  chart.append(el('text', { x: left, y: height - 4 }, points[0].at.slice(0, 16).replace('T', ' ')));
  chart.append(el('text', { x: width - 140, y: height - 4 }, points.at(-1).at.slice(0, 16).replace('T', ' ')));
  points.forEach((p, i) => {
    if (p.failed > 0)
      chart.append(
        el('rect', {
          x: x(i) - 2,
          y: y(p.failed),
          width: 4,
          height: height - bottom - y(p.failed),
          fill: colours.failed,
          'data-series': 'failed',
        }),
      );
  });
  const line = el('polyline', {
    points: points.map((p, i) => `${x(i)},${y(p.applied)}`).join(' '),
    fill: 'none',
    stroke: colours.applied,
    'stroke-width': 2,
    'data-series': 'applied',
  });
  line.append(el('title', {}, `${points.at(-1).applied} applied`));
  const last = points.length - 1;
  chart.append(line, el('circle', { cx: x(last), cy: y(points[last].applied), r: 3, fill: colours.applied }));
  chart.append(el('text', { x: width - 140, y: 14, 'data-total': 'applied' }, `${points[last].applied} applied`));
  return chart;
}

/** Per wave: the forecast of helpdesk calls beside the calls actually taken. */
export function forecastChart(waves) {
  const chart = svg(600, 30 * waves.length + 30, 'Forecast versus actual helpdesk calls');
  const top = Math.max(1, ...waves.map((w) => Math.max(w.expectedCalls ?? 0, w.actualCalls)));
  chart.append(el('rect', { x: 120, y: 2, width: 10, height: 10, fill: colours.expected }));
  chart.append(el('text', { x: 135, y: 11 }, 'forecast'));
  chart.append(el('rect', { x: 210, y: 2, width: 10, height: 10, fill: colours.actual }));
  chart.append(el('text', { x: 225, y: 11 }, 'actual'));
  waves.forEach((w, row) => {
    const y0 = 20 + row * 30;
    chart.append(el('text', { x: 0, y: y0 + 16 }, w.name));
    const bar = (value, dy, fill, series) => {
      const rect = el('rect', {
        x: 120,
        y: y0 + dy,
        width: ((value ?? 0) / top) * 400,
        height: 11,
        fill,
        'data-series': series,
      });
      rect.append(el('title', {}, `${series}: ${value ?? 'no forecast'}`));
      chart.append(
        rect,
        el('text', { x: 125 + ((value ?? 0) / top) * 400, y: y0 + dy + 10 }, value === null ? 'n/a' : String(value)),
      );
    };
    bar(w.expectedCalls, 2, colours.expected, 'forecast');
    bar(w.actualCalls, 14, colours.actual, 'actual');
  });
  return chart;
}

function row(cells, tag = 'td') {
  const tr = document.createElement('tr');
  for (const c of cells) tr.append(Object.assign(document.createElement(tag), { textContent: String(c) }));
  return tr;
}

export function missedPanel(missed) {
  if (!missed)
    return [
      Object.assign(document.createElement('p'), { textContent: 'No verification has run yet (reclaim verify).' }),
    ];
  const summary = Object.assign(document.createElement('p'), {
    textContent: `Verified ${missed.verifiedAt}: ${missed.checked} checked, ${missed.changed} changed, ${missed.missed} missed`,
  });
  const table = document.createElement('table');
  table.append(
    row(['account', 'directory', 'wave', 'state'], 'th'),
    ...missed.accounts.map((a) => row([a.identity, a.directory, a.wave ?? '', a.state])),
  );
  return [summary, table];
}

export function throttlingPanel(t) {
  const table = document.createElement('table');
  table.append(
    row(['directory', 'throttled', 'retries'], 'th'),
    ...Object.entries(t.byDirectory).map(([d, v]) => row([d, v.throttled, v.retries])),
  );
  const summary = Object.assign(document.createElement('p'), {
    textContent: `Throttled ${t.throttled} times, ${t.retries} retries, ${t.waitingRetry} waiting to retry${t.lastThrottledAt ? `, last at ${t.lastThrottledAt}` : ''}`,
  });
  return [summary, table];
}

export function helpdeskPanel(h) {
  return [
    Object.assign(document.createElement('p'), {
      textContent: `Queue depth ${h.queueDepth} · calls ${h.actualCalls} of ${h.expectedCalls} forecast · ${h.verified} people verified · ${h.credentialsIssued} credentials issued`,
    }),
  ];
}
