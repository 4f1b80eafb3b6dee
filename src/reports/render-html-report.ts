// The campaign report as one self-contained HTML file: inline CSS and SVG, no script, no external
// request (a Content-Security-Policy forbids any), so it opens offline on an auditor's laptop and
// shows the same thing years later. Key figures carry data-metric attributes for tests and tools.
import { escapeHtml as e } from './escape-html.ts';
import type { ReportData, StateCounts } from './report-data.ts';
import { barChart, lineChart, stackedBarChart } from './svg-charts.ts';

const states: ReadonlyArray<keyof StateCounts> = ['verified', 'applied', 'claimed', 'planned', 'failed', 'skipped'];

const css = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #2f6fb0;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.n{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#555}
.ok{color:#1d7a3e;font-weight:600}.bad{color:#b8433b;font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #ccc;border-radius:6px;padding:.6rem
1rem;min-width:9rem}.card b{display:block;font-size:1.5rem}
figure{margin:.5rem 0 1rem}figcaption{color:#555;font-size:.9rem}svg text{font-size:12px;fill:#222}.empty{color:#777;font-style:italic}
.sev-critical,.sev-high{color:#b8433b;font-weight:600}.sev-medium{color:#b06a00}@media print{h2{break-after:avoid}}`;

const metric = (name: string, value: number | string) => `<span data-metric="${e(name)}">${e(value)}</span>`;

/** Lists longer than this are cut in the HTML (a browser chokes on a million rows): the CSV and JSON hold them all. */
export const htmlRowLimit = 1000;

function table(headers: string[], rows: string[][], numeric: number[] = []): string {
  if (rows.length === 0) return '<p class="empty">None.</p>';
  const head = `<tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr>`;
  const body = rows
    .slice(0, htmlRowLimit)
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('');
  const more =
    rows.length > htmlRowLimit
      ? `<p class="meta">${rows.length - htmlRowLimit} more rows: see identities.csv and report.json.</p>`
      : '';
  return `<table>${head}${body}</table>${more}`;
}

function triageSection(d: ReportData): string {
  const t = d.triage;
  if (!t) return '<h2 id="triage">Triage decision</h2><p class="empty">No triage recorded.</p>';
  const because = (c: { because: Array<{ text: string }> }) => c.because.map((b) => e(b.text)).join('<br>');
  const rows = [
    ['Reset', e(t.reset.value), because(t.reset)],
    [
      'Scope',
      e(t.scope.value.kind === 'accounts' ? `accounts: ${t.scope.value.accounts.join(', ')}` : t.scope.value.kind),
      because(t.scope),
    ],
    ['Assurance', e(t.assurance.value), because(t.assurance)],
    ['krbtgt double reset', t.krbtgtDoubleReset.value ? 'yes' : 'no', because(t.krbtgtDoubleReset)],
    ['Revoke sessions', t.revokeSessions.value ? 'yes' : 'no', because(t.revokeSessions)],
    ['Privileged first', t.privilegedFirst.value ? 'yes' : 'no', because(t.privilegedFirst)],
  ];
  const unanswered =
    t.unanswered.length > 0 ? `<p class="bad">Unanswered (taken as "no"): ${e(t.unanswered.join(', '))}</p>` : '';
  return (
    `<h2 id="triage">Triage decision</h2><p class="meta">Answered by ${e(t.answeredBy)} at ` +
    `${e(t.answeredAt)}</p>${table(['Question', 'Decision', 'Rationale'], rows)}${unanswered}`
  );
}

function planSection(d: ReportData): string {
  const p = d.plan;
  if (!p) return '<h2 id="plan">Plan</h2><p class="empty">No plan saved.</p>';
  const approvals = table(
    ['Approver', 'At', 'Role', 'Comment'],
    p.approvals.map((a) => [e(a.approver), e(a.approvedAt), e(a.role ?? ''), e(a.comment ?? '')]),
  );
  const waves = table(
    ['Wave', 'Label', 'Starts', 'Deadline', 'Size', ...states],
    p.waves.map((w) => [
      String(w.number),
      e(w.label),
      e(w.startAt),
      e(w.deadlineAt),
      metric(`wave-${w.number}-size`, w.size),
      ...states.map((s) => metric(`wave-${w.number}-${s}`, w.actions[s])),
    ]),
    [4, 5, 6, 7, 8, 9, 10],
  );
  const alternatives =
    p.alternatives.length === 0
      ? ''
      : `<h3>Alternatives considered</h3>${table(
          ['Segment', 'Alternative', 'Chosen', 'Identities', 'Drawback'],
          p.alternatives.map((a) => [
            e(a.segment),
            e(a.alternative),
            a.chosen ? 'yes' : 'no',
            String(a.identities),
            e(a.drawback),
          ]),
        )}`;
  return `<h2 id="plan">Plan and approvals</h2>
<p class="meta">Version <code>${e(p.versionId.slice(0, 16))}</code> (content hash
<code>${e(p.contentHash.slice(0, 16))}</code>) by ${e(p.createdBy)} at ${e(p.createdAt)}, ${e(p.assurance)}
assurance</p>
<div class="cards"><div class="card"><b>${metric('plan-identities', p.totals.identities)}</b>identities</div><div
class="card"><b>${metric('plan-in-waves', p.totals.inWaves)}</b>in ${p.totals.waves} waves</div><div class="card">
<b>${metric('plan-protected', p.totals.protected)}</b>protected</div><div class="card">
<b>${metric('plan-unmanageable', p.totals.unmanageable)}</b>unmanageable</div><div class="card">
<b>${p.totals.outOfScope}</b>out of scope</div></div>
<h3>Approvals</h3>${approvals}<h3>Waves</h3>${waves}
${barChart('Identities per segment', p.bySegment)}${barChart('Identities per treatment', p.byTreatment)}${alternatives}`;
}

function progressSection(d: ReportData): string {
  const t = d.progress.totals;
  const cards = states.map((s) => `<div class="card"><b>${metric(`actions-${s}`, t[s])}</b>${s}</div>`).join('');
  const perWave = stackedBarChart(
    'Actions per wave, by state',
    (d.plan?.waves ?? []).map((w) => ({ label: `wave ${w.number}`, parts: w.actions })),
    states,
  );
  const perSegment: Record<string, Record<string, number>> = {};
  for (const r of d.identities) (perSegment[r.segment] ??= {})[r.status] = (perSegment[r.segment]![r.status] ?? 0) + 1;
  const statusKeys = ['verified', 'applied', 'claimed', 'planned', 'not-started', 'task', 'failed', 'skipped'];
  const segmentChart = stackedBarChart(
    'People per segment, by outcome',
    Object.entries(perSegment).map(([label, parts]) => ({ label, parts })),
    statusKeys,
  );
  return `<h2 id="progress">Progress</h2><div class="cards">${cards}</div>
${lineChart(
  'Actions applied over time (cumulative)',
  d.progress.timeline.map((p) => ({ at: p.at, value: p.applied })),
)}${perWave}${segmentChart}`;
}

function outcomeSection(d: ReportData): string {
  const x = d.exceptions;
  const v = d.verification;
  const verification = v
    ? `<p>Verified at ${e(v.at)}: ${metric('verify-checked', v.checked)} checked, ` +
      `${metric('verify-changed', v.changed)} changed by their owner, ` +
      `${metric('verify-reset', v.reset)} reset by Reclaim and awaiting their owner (the old ` +
      `password no longer signs in), ${metric('verify-missed', v.missed)} missed.</p>`
    : '<p class="empty">Not verified yet: run <code>reclaim verify</code>.</p>';
  return `<h2 id="exceptions">Exceptions and exemptions</h2>
<h3>Failures (${metric('failures', x.failures.length)})</h3>${barChart('Failures by code', x.failuresByCode)}${table(
    ['Directory', 'Identity', 'Action', 'Code', 'Retrying'],
    x.failures.map((f) => [e(f.directory), e(f.identity), e(f.kind), e(f.code ?? ''), f.retrying ? 'yes' : 'no']),
  )}
<h3>Exemptions at the deadline (${metric('exemptions', x.exemptions.length)})</h3>${table(
    ['Directory', 'Identity', 'Reason', 'Granted by'],
    x.exemptions.map((a) => [e(a.directory), e(a.identity), e(a.reason), e(a.by ?? '')]),
  )}
<h3>Protected, never touched (${x.protected.length})</h3>${table(
    ['Directory', 'Identity', 'Reason'],
    x.protected.map((a) => [e(a.directory), e(a.name), e(a.reason)]),
  )}
<h3>Unmanageable (${x.unmanageable.length})</h3>${table(
    ['Directory', 'Identity', 'Reason'],
    x.unmanageable.map((a) => [e(a.directory), e(a.name), e(a.reason)]),
  )}
<h2 id="enforcement">Enforcement and verification</h2>
<p>${metric('enforce-disabled', d.enforcement.disabled)} disabled at the deadline,
${metric('enforce-exempt', d.enforcement.exempt)} exempt, ${metric('enforce-reenabled', d.enforcement.reenabled)}
re-enabled after a verified change.</p>${verification}
<h3>Missed accounts (${metric('missed', d.missed.length)})</h3>${table(
    ['Directory', 'Identity', 'Wave', 'Status'],
    d.missed.map((m) => [e(m.directory), e(m.name), String(m.wave), e(m.status)]),
  )}`;
}

const taskStates = ['open', 'assigned', 'done', 'verified', 'failed', 'missed'];

function tasksSection(d: ReportData): string {
  const t = d.tasks;
  const total = t.list.length;
  const cards = taskStates
    .map((s) => `<div class="card"><b>${metric(`tasks-${s}`, t.byState[s] ?? 0)}</b>${s}</div>`)
    .join('');
  const claim = (x: ReportData['tasks']['list'][number]) =>
    x.doneBy
      ? `${e(x.state === 'failed' ? 'failed' : 'done')}: ${e(x.doneBy)} at ${e(x.doneAt ?? '')}${x.note ? `<br>${e(x.note)}` : ''}`
      : '';
  const seen = (x: ReportData['tasks']['list'][number]) =>
    x.verifiedAt ? `verified ${e(x.verifiedAt)}<br>password set ${e(x.changedAt ?? '')}` : e(x.checkReason ?? '');
  const rows = t.list.map((x) => [
    String(x.id),
    e(x.kind),
    `<span class="${x.state === 'verified' ? 'ok' : x.state === 'missed' || x.state === 'failed' ? 'bad' : ''}">${e(x.state)}</span>`,
    String(x.wave),
    `${e(x.directory)}
:${e(x.identity)}${x.kind === 'service-account-rotation' ? `<br>owner ${e(x.owner ?? 'unknown')}${x.application ? `, ${e(x.application)}` : ''}` : ''}`,
    x.assignee ? `${e(x.assignee)}<br>by ${e(x.assignedBy ?? '')} at ${e(x.assignedAt ?? '')}` : '',
    claim(x),
    seen(x),
  ]);
  return `<h2 id="tasks">Manual tasks (${metric('tasks-total', total)})</h2>
<p class="meta">Privileged accounts reset by a named admin and service accounts rotated with their owner. A claim of
done is not a verification: a task is verified only when the directory shows a password set after it was assigned;
every other task is counted in the missed accounts.</p>
<div class="cards">${cards}</div>${table(['Task', 'Kind', 'State', 'Wave', 'Identity', 'Assigned to', 'Claim', 'Directory'], rows, [0, 3])}`;
}

function operationsSection(d: ReportData): string {
  const krbtgt = table(
    ['Directory', 'Account', 'Step', 'Planned at', 'State', 'Applied at', 'Why'],
    d.krbtgt.map((k) => [
      e(k.directory),
      e(k.name),
      String(k.step),
      e(k.plannedAt),
      e(k.state ?? 'not started'),
      e(k.appliedAt ?? ''),
      e(k.why),
    ]),
  );
  const throttling =
    d.throttling.total === 0
      ? `<p>No throttling encountered (${metric('throttled', 0)}).</p>`
      : `<p>${metric('throttled', d.throttling.total)} throttled answers, ` +
        `retried.</p>${barChart('Throttled answers per directory', d.throttling.byDirectory)}` +
        barChart('Throttled answers over time', Object.fromEntries(d.throttling.byHour.map((h) => [h.at, h.count])));
  const noticeRows = Object.entries(d.notices.byKind).map(([kind, byState]) => [
    e(kind),
    ...['sent', 'reserved', 'failed'].map((s) => String(byState[s] ?? 0)),
  ]);
  const readiness = table(
    ['Severity', 'Finding', 'Count', 'Remedy'],
    d.readiness.map((f) => [
      `<span class="sev-${e(f.severity)}">${e(f.severity)}</span>`,
      e(f.title),
      `${f.count}${f.total === null ? '' : ` of ${f.total}`}`,
      e(f.remedy),
    ]),
  );
  const audit = d.audit.ok
    ? `<p class="ok">Audit chain intact: ${metric('audit-entries', d.audit.entries)} entries, head <code>${e(d.audit.headHash ?? '')}</code>.</p>`
    : `<p class="bad">Audit chain BROKEN at entry ${e(d.audit.brokenSeq ?? '?')} (${metric('audit-entries', d.audit.entries)} entries checked before it).</p>`;
  return `<h2 id="readiness">Readiness findings</h2>${readiness}<h2 id="krbtgt">krbtgt timeline</h2>${krbtgt}<h2 id="throttling">Throttling</h2>${throttling}
<h2 id="notices">User notices
(${metric('notices', d.notices.total)})</h2>${table(['Kind', 'Sent', 'Pending', 'Failed'], noticeRows, [1, 2, 3])}<h2
id="audit">Audit trail</h2>${audit}`;
}

export function renderHtmlReport(d: ReportData): string {
  const c = d.campaign;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reclaim report: ${e(c.name)}</title><style>${css}</style></head>
<body><h1>Reclaim report: ${e(c.name)}</h1>
<p class="meta">Campaign <code data-metric="campaign-id">${e(c.id)}</code>, ${e(c.status)}, created ${e(c.createdAt)},
T0 ${e(c.t0 ?? 'not started')}. Generated ${e(d.generatedAt)} by ${e(d.generatedBy)}.</p>
${triageSection(d)}${planSection(d)}${progressSection(d)}${outcomeSection(d)}${tasksSection(d)}${operationsSection(d)}
</body></html>
`;
}
