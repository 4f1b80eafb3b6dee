// Inline SVG charts for the self-contained report: no script, no external request, readable when
// printed. Each chart carries its numbers as text too, so a screen reader (or grep) gets them.
import { escapeHtml } from './escape-html.ts';

export const chartColours = [
  '#2f6fb0',
  '#e08a1e',
  '#3c9a5f',
  '#b8433b',
  '#7b5ea7',
  '#8c6d4f',
  '#c65d9b',
  '#6c757d',
  '#1f9aa8',
  '#a3a30f',
];

/** One horizontal bar per label, sized to the largest value. */
export function barChart(title: string, values: Record<string, number>): string {
  const entries = Object.entries(values).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return `<p class="empty">${escapeHtml(title)}: nothing to show.</p>`;
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const row = 24;
  const labelWidth = 190;
  const barWidth = 360;
  const height = entries.length * row + 8;
  const bars = entries.map(([label, value], i) => {
    const y = i * row + 4;
    const w = Math.max(value > 0 ? 2 : 0, Math.round((value / max) * barWidth));
    return (
      `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="16" ` +
      `fill="${chartColours[i % chartColours.length]}"><title>${escapeHtml(label)}: ` +
      `${value}</title></rect>` +
      `<text x="${labelWidth + w + 6}" y="${y + 15}" class="value">${value}</text>`
    );
  });
  return (
    `<figure><svg role="img" aria-label="${escapeHtml(title)}" ` +
    `width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ` +
    `${labelWidth + barWidth + 60} ` +
    `${height}">${bars.join('')}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`
  );
}

/** One stacked bar per row (e.g. a wave), one colour per key (e.g. an action state), with a legend. */
export function stackedBarChart(
  title: string,
  rows: Array<{ label: string; parts: Record<string, number> }>,
  keys: readonly string[],
): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(title)}: nothing to show.</p>`;
  const totalOf = (parts: Record<string, number>) => keys.reduce((s, k) => s + (parts[k] ?? 0), 0);
  const max = Math.max(1, ...rows.map((r) => totalOf(r.parts)));
  const row = 26;
  const labelWidth = 190;
  const barWidth = 360;
  const legendHeight = 24;
  const height = rows.length * row + legendHeight + 8;
  const shapes: string[] = [];
  keys.forEach((k, i) => {
    const x = labelWidth + i * 90;
    shapes.push(
      `<rect x="${x}" y="4" width="12" height="12" fill="${chartColours[i % chartColours.length]}"/><text x="${x + 16}" y="15">${escapeHtml(k)}</text>`,
    );
  });
  rows.forEach((r, ri) => {
    const y = legendHeight + ri * row + 4;
    shapes.push(`<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(r.label)}</text>`);
    let x = labelWidth;
    keys.forEach((k, i) => {
      const v = r.parts[k] ?? 0;
      if (v === 0) return;
      const w = Math.max(2, Math.round((v / max) * barWidth));
      shapes.push(
        `<rect x="${x}" y="${y + 3}" width="${w}" height="18" ` +
          `fill="${chartColours[i % chartColours.length]}"><title>${escapeHtml(r.label)}, ` +
          `${escapeHtml(k)}: ${v}</title></rect>`,
      );
      x += w;
    });
    shapes.push(`<text x="${x + 6}" y="${y + 15}" class="value">${totalOf(r.parts)}</text>`);
  });
  const width = Math.max(labelWidth + barWidth + 60, labelWidth + keys.length * 90);
  return (
    `<figure><svg role="img" aria-label="${escapeHtml(title)}" width="${width}" ` +
    `height="${height}" viewBox="0 0 ${width} ` +
    `${height}">${shapes.join('')}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`
  );
}

/** A step line of a cumulative count over time (progress), points labelled with their value. */
export function lineChart(title: string, points: Array<{ at: string; value: number }>): string {
  if (points.length === 0) return `<p class="empty">${escapeHtml(title)}: nothing to show yet.</p>`;
  const width = 610;
  const height = 180;
  const pad = 36;
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
  const xy = points.map((p, i) => [pad + i * step, height - pad - (p.value / max) * (height - 2 * pad)] as const);
  const path = xy.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const dots = xy
    .map(
      ([x, y], i) =>
        `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" ` +
        `fill="${chartColours[0]}"><title>${escapeHtml(points[i]!.at)}: ` +
        `${points[i]!.value}</title></circle>`,
    )
    .join('');
  const first = points[0]!;
  const last = points.at(-1)!;
  const axes =
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" ` +
    `stroke="#999"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" ` +
    `stroke="#999"/>` +
    `<text x="${pad}" y="${height - 12}">${escapeHtml(first.at)}</text><text x="${width - pad}" ` +
    `y="${height - 12}" text-anchor="end">${escapeHtml(last.at)}</text>` +
    `<text x="${pad - 4}" y="${pad + 4}" text-anchor="end">${max}</text><text x="${pad - 4}" y="${height - pad}" text-anchor="end">0</text>`;
  return (
    `<figure><svg role="img" aria-label="${escapeHtml(title)}" width="${width}" ` +
    `height="${height}" viewBox="0 0 ${width} ${height}">${axes}<path d="${path}" fill="none" ` +
    `stroke="${chartColours[0]}" ` +
    `stroke-width="2"/>${dots}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`
  );
}
