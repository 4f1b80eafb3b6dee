// The plan review a second person reads before approving: per wave its times, segments, treatments
// with what each does, the forecast (rounded: people, not fractions of calls) and the exact
// directory operations (grouped and counted, with examples), then who wrote it and who approved.
// Approve opens a confirmation that takes a comment (it goes into the approval and the audit log);
// the button is disabled while the request is in flight, and the server records one approval per
// person however often it is sent.
import { count, emptyState, h, plural, table, when } from './dom.js';

const phaseText = {
  start: 'at the start',
  deadline: 'at the end of grace, only if',
  'krbtgt-first': 'krbtgt first reset',
  'krbtgt-second': 'krbtgt second reset',
};

function operationRows(ops) {
  return ops.map((o) => [
    count(o.count),
    o.kind,
    o.directory,
    o.params ?? '',
    o.phase === 'deadline' ? `${phaseText.deadline} ${o.condition ?? ''}` : (phaseText[o.phase] ?? o.phase),
  ]);
}

function waveSection(w) {
  const f = w.forecast ?? {};
  const tasks = Object.entries(w.tasks);
  return h(
    'section',
    { class: 'wave', 'data-wave': w.number, 'aria-labelledby': `plan-wave-${w.number}` },
    h('h3', { id: `plan-wave-${w.number}` }, `Wave ${w.number}: ${w.label}`),
    h(
      'p',
      {},
      `${plural(w.size, 'identity', 'identities')} · starts ${when(w.startAt)} · deadline ${when(w.deadlineAt)} · grace ends ${when(w.graceEndsAt)}`,
      w.needsSecondApprover ? h('strong', { class: 'warn' }, ' · above the blast radius: needs two approvers') : '',
    ),
    h(
      'p',
      {},
      'Segments: ',
      Object.entries(w.bySegment ?? {})
        .map(([s, n]) => `${s} ${count(n)}`)
        .join(', ') || 'none',
    ),
    table(
      `Treatments of wave ${w.number}`,
      ['Treatment', 'People', 'What it does'],
      w.treatments.map((t) => [t.id, count(t.count), t.description]),
    ),
    h(
      'p',
      { class: 'forecast' },
      `Forecast: ${count(f.expectedCalls ?? 0)} helpdesk calls (capacity ${count(f.capacityCalls ?? 0)}, about ${count(f.callsPerHour ?? 0)} an hour), `,
      `${count(Object.values(f.writeOps ?? {}).reduce((a, b) => a + b, 0))} writes at the start, at most ${count(f.deadlineOpsAtMost ?? 0)} at the deadline.`,
    ),
    w.operations.length
      ? table(
          `Directory operations of wave ${w.number}`,
          ['Count', 'Operation', 'Directory', 'Parameters', 'When'],
          operationRows(w.operations),
        )
      : h('p', {}, 'No directory operation in this wave.'),
    tasks.length ? h('p', {}, 'Manual tasks: ', tasks.map(([k, n]) => `${k} ${count(n)}`).join(', ')) : '',
    w.sample.length
      ? h(
          'p',
          { class: 'hint' },
          'For example: ',
          w.sample.map((s) => `${s.kind} ${s.identity} (${s.directory})`).join('; '),
          '. `reclaim plan show --dry-run` lists every one.',
        )
      : '',
  );
}

/** The plan screen. `approve(comment)` records the approval; `canApprove` hides the button otherwise. */
export function planView(plan, { canApprove, me, onApprove }) {
  const r = plan.review;
  const approved = plan.approvers.includes(me);
  const parts = [
    h(
      'p',
      { id: 'plan-meta' },
      `Version ${plan.versionId.slice(0, 12)} by ${plan.author}, ${when(plan.createdAt)}. `,
      plan.approvers.length ? `Approved by ${plan.approvers.join(', ')}.` : 'Not approved yet.',
    ),
    h(
      'p',
      {},
      `${plural(r.totals?.identities ?? 0, 'identity', 'identities')} in ${plural(r.waves.length, 'wave')}, `,
      `assurance ${r.assurance ?? 'n/a'}, about ${count(r.totals?.expectedCalls ?? 0)} helpdesk calls in all; `,
      `set aside: ${count(r.setAside.protected)} protected, ${count(r.setAside.unmanageable)} unmanageable, ${count(r.setAside.outOfScope)} out of scope.`,
    ),
  ];
  if (canApprove) {
    const button = h(
      'button',
      { type: 'button', id: 'approve', class: 'primary', disabled: approved || plan.author === me },
      approved
        ? 'You approved this version'
        : plan.author === me
          ? 'You wrote this version: another person approves'
          : 'Approve this plan version…',
    );
    button.addEventListener('click', () => onApprove(button));
    parts.push(h('p', { class: 'actions' }, button));
  }
  if (r.waves.length === 0)
    parts.push(emptyState('This plan version has no waves: `reclaim plan --login NAME` makes a new one.'));
  parts.push(...r.waves.map(waveSection));
  if (r.krbtgt.length)
    parts.push(
      h('h3', {}, 'krbtgt double reset'),
      table(
        'krbtgt steps',
        ['Step', 'Account', 'Directory', 'At', 'Why'],
        r.krbtgt.map((k) => [String(k.step), k.name, k.directory, when(k.at), k.why]),
      ),
    );
  return parts;
}
