// The wave table: each wave of the current plan with its start, deadline, whether it has started
// (or is due, or later), its actions by state and what is due next. From the status's schedule
// (every wave of the plan, started or not) and its counts per wave.
import { count, emptyState, h, prose, table, when } from './dom.js';

export function waveTable(status) {
  const schedule = status.schedule;
  if (!schedule || schedule.waves.length === 0)
    return [
      emptyState(
        'No waves yet: `reclaim plan --login NAME` makes them, and the plan review shows them before approval.',
      ),
    ];
  const counts = new Map(status.waves.filter((w) => w.number !== null).map((w) => [w.number, w.counts]));
  const next = schedule.waves.find((w) => w.state === 'due') ?? schedule.waves.find((w) => w.state === 'later');
  const rows = schedule.waves.map((w) => {
    const c = counts.get(w.number) ?? { planned: 0, claimed: 0, applied: 0, verified: 0, failed: 0, skipped: 0 };
    return h(
      'tr',
      { 'data-wave': w.number, 'data-state': w.state, class: w === next ? 'next' : '' },
      h('th', { scope: 'row' }, `${w.number}. ${w.label}`),
      h('td', {}, when(w.startAt)),
      h('td', {}, when(w.deadlineAt)),
      h('td', {}, w.state === 'due' ? h('strong', {}, 'due now') : w.state),
      h('td', { class: 'num' }, count(w.size)),
      h('td', { class: 'num' }, count(c.planned + c.claimed)),
      h('td', { class: 'num' }, count(c.applied + c.verified)),
      h('td', { class: c.failed > 0 ? 'num bad' : 'num' }, count(c.failed)),
      h('td', { class: 'num' }, count(c.skipped)),
      h('td', { class: 'num' }, count(w.tasks)),
    );
  });
  const nextText = next
    ? next.state === 'due'
      ? `Due now: wave ${next.number} (${next.label}) was due at ${when(next.startAt)}: \`reclaim run\` starts it.`
      : `Next: wave ${next.number} (${next.label}) starts at ${when(next.startAt)}.`
    : 'Every wave has started.';
  return [
    prose(nextText, { class: 'next-due', id: 'next-due' }),
    table(
      'Waves with their start, deadline, state and actions by state',
      ['Wave', 'Starts', 'Deadline', 'State', 'People', 'To do', 'Done', 'Failed', 'Skipped', 'Manual tasks'],
      rows,
      { id: 'wave-table' },
    ),
  ];
}
