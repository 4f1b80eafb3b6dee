// The dashboard's charts, drawn as inline SVG and plain DOM from the API's JSON (no library, nothing
// fetched from elsewhere; textContent only, so no name can inject markup). Labels sit in their own
// column (shortened with an ellipsis, the full name in a tooltip), never over the bars; every SVG
// has a viewBox and scales to the width it is given (a phone included).
import { count, h, when } from './dom.js';

const ns = 'http://www.w3.org/2000/svg';
export const colours = {
  verified: '#1b5e20',
  applied: '#43a047',
  claimed: '#f9a825',
  planned: '#90a4ae',
  failed: '#c62828',
  skipped: '#6d4c41',
  forecast: '#78909c',
  actual: '#1565c0',
};
export const states = ['verified', 'applied', 'claimed', 'planned', 'failed', 'skipped'];

function el(name, attributes = {}, text) {
  const node = document.createElementNS(ns, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(width, height, label, cls = 'chart') {
  return el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': label,
    class: cls,
    preserveAspectRatio: 'none',
  });
}

/** a horizontal bar of segments [{value, fill, title, state}] scaled to `total` */
function bar(segments, total, label) {
  const chart = svg(100, 10, label, 'bar');
  let x = 0;
  for (const s of segments) {
    const width = total > 0 ? (s.value / total) * 100 : 0;
    if (width <= 0) continue;
    const rect = el('rect', { x, y: 0, width, height: 10, fill: s.fill, 'data-state': s.state });
    rect.append(el('title', {}, s.title));
    chart.append(rect);
    x += width;
  }
  return chart;
}

function legend(items) {
  return h(
    'ul',
    { class: 'legend' },
    items.map(([name, colour]) => h('li', {}, h('span', { class: `swatch swatch-${colour}` }), name)),
  );
}

/** Per wave: one stacked bar of its actions by state, the label in its own column. */
export function waveBars(waves) {
  return h(
    'div',
    { class: 'bars', role: 'group', 'aria-label': 'Progress per wave' },
    legend(states.map((s) => [s, s])),
    waves.map((w) => {
      const total = states.reduce((n, s) => n + w.counts[s], 0);
      const done = w.counts.applied + w.counts.verified;
      const label = w.number === null ? w.name : `${w.number}. ${w.name}`;
      return h(
        'div',
        { class: 'bar-row', 'data-wave': w.number ?? '' },
        h('span', { class: 'bar-label', title: label }, label),
        bar(
          states.map((s) => ({ value: w.counts[s], fill: colours[s], title: `${s}: ${count(w.counts[s])}`, state: s })),
          total,
          `${label}: ${count(done)} of ${count(total)} done, ${count(w.counts.failed)} failed`,
        ),
        h('span', { class: 'bar-figure' }, `${count(done)}/${count(total)}`),
      );
    }),
  );
}

/** Applied actions over time (line) and the actions failed now by when they last failed (bars). */
export function progressChart(points, failedNow) {
  const width = 600;
  const height = 180;
  const left = 44;
  const bottom = 22;
  const chart = svg(width, height, 'Progress over time');
  chart.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  if (points.length === 0) return h('p', {}, 'Nothing applied or failed yet.');
  const top = Math.max(1, points.at(-1).applied, ...points.map((p) => p.failed));
  const x = (i) => left + (points.length === 1 ? 0 : (i / (points.length - 1)) * (width - left - 10));
  const y = (v) => height - bottom - (v / top) * (height - bottom - 24);
  chart.append(el('line', { x1: left, y1: height - bottom, x2: width - 10, y2: height - bottom, stroke: '#555' }));
  chart.append(el('text', { x: 0, y: y(top) + 4 }, count(top)));
  chart.append(el('text', { x: left, y: height - 6 }, when(points[0].at)));
  chart.append(el('text', { x: width - 10, y: height - 6, 'text-anchor': 'end' }, when(points.at(-1).at)));
  points.forEach((p, i) => {
    if (p.failed > 0) {
      const rect = el('rect', {
        x: x(i) - 2,
        y: y(p.failed),
        width: 4,
        height: height - bottom - y(p.failed),
        fill: colours.failed,
        'data-series': 'failed',
      });
      rect.append(el('title', {}, `${count(p.failed)} failed actions last failed by ${when(p.at)}`));
      chart.append(rect);
    }
  });
  const line = el('polyline', {
    points: points.map((p, i) => `${x(i)},${y(p.applied)}`).join(' '),
    fill: 'none',
    stroke: colours.applied,
    'stroke-width': 2,
    'data-series': 'applied',
  });
  const last = points.length - 1;
  line.append(el('title', {}, `${count(points[last].applied)} applied`));
  chart.append(line, el('circle', { cx: x(last), cy: y(points[last].applied), r: 3, fill: colours.applied }));
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'chart-caption' },
      h('span', { class: 'swatch swatch-applied' }),
      h('span', { 'data-total': 'applied' }, `${count(points[last].applied)} applied`),
      ' (line) · ',
      h('span', { class: 'swatch swatch-failed' }),
      h('span', { 'data-total': 'failed' }, `${count(failedNow)} failed`),
      ' now, by the minute each last failed (bars)',
    ),
    chart,
  );
}

/** Per wave: the forecast of helpdesk calls (rounded) beside the calls actually taken. */
export function forecastChart(waves) {
  const top = Math.max(1, ...waves.map((w) => Math.max(Math.round(w.expectedCalls ?? 0), w.actualCalls)));
  return h(
    'div',
    { class: 'bars', role: 'group', 'aria-label': 'Forecast versus actual helpdesk calls' },
    legend([
      ['forecast', 'forecast'],
      ['actual', 'actual'],
    ]),
    waves.map((w) => {
      const label = `${w.number}. ${w.name}`;
      const forecast = w.expectedCalls === null ? null : Math.round(w.expectedCalls);
      const row = (series, value, fill) =>
        h(
          'div',
          { class: 'bar-row', 'data-series': series },
          h('span', { class: 'bar-label', title: label }, series === 'forecast' ? label : ''),
          bar(
            [{ value: value ?? 0, fill, title: `${series}: ${value ?? 'no forecast'}`, state: series }],
            top,
            `${label} ${series}`,
          ),
          h(
            'span',
            { class: 'bar-figure' },
            value === null ? 'n/a' : `${count(value)} ${series === 'forecast' ? 'expected' : 'taken'}`,
          ),
        );
      return h(
        'div',
        { class: 'bar-pair' },
        row('forecast', forecast, colours.forecast),
        row('actual', w.actualCalls, colours.actual),
      );
    }),
  );
}

/** Throttling: only the directory's DIRECTORY_THROTTLED answers (other failures are under Failures). */
export function throttlingPanel(t) {
  const directories = Object.entries(t.byDirectory).filter(([, v]) => v.throttled > 0);
  if (t.throttled === 0) return [h('p', {}, 'No directory has throttled Reclaim.')];
  return [
    h(
      'p',
      {},
      `Throttled ${count(t.throttled)} times${t.lastThrottledAt ? `, last at ${when(t.lastThrottledAt)}` : ''}.`,
    ),
    h(
      'ul',
      {},
      directories.map(([d, v]) => h('li', {}, `${d}: ${count(v.throttled)} throttled answers`)),
    ),
  ];
}

export function helpdeskSummary(hd) {
  return [
    `Queue ${count(hd.queueDepth)} people`,
    `calls ${count(hd.actualCalls)} of ${count(hd.expectedCalls)} forecast`,
    `${count(hd.verified)} people verified`,
    `${count(hd.credentialsIssued)} credentials issued`,
  ].join(' · ');
}
