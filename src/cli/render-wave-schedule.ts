// The waves of a campaign as `run` and `status` print them: when each starts, whether it has, and
// what to run next.
import type { WaveSchedule } from '../app/campaign/wave-schedule.ts';
import { plural } from '../core/plural.ts';

/** One line per wave, and what to run next: shared by `run` and `status`. */
export function renderWaveSchedule(schedule: WaveSchedule): string[] {
  const lines = schedule.waves.map((w) => {
    const tasks = w.tasks > 0 ? `, ${plural(w.tasks, 'manual task')}` : '';
    const what = `${plural(w.size, 'identity', 'identities')}${tasks}, ${plural(w.actions, 'directory action')}`;
    const when =
      w.state === 'started'
        ? `started ${w.startAt}`
        : w.state === 'due'
          ? `due since ${w.startAt}, not started`
          : `starts ${w.startAt}`;
    return `  wave ${w.number} ${w.label}: ${when}, deadline ${w.deadlineAt} (${what})`;
  });
  const due = schedule.waves.filter((w) => w.state === 'due');
  if (due.length > 0)
    lines.push(`  next: \`reclaim run --yes\` starts wave ${due.map((w) => w.number).join(', ')} now`);
  else if (schedule.nextStartAt !== null) {
    const early = schedule.waves.find((w) => w.state === 'later');
    lines.push(
      `  next: \`reclaim run --yes\` at or after ${schedule.nextStartAt}` +
        `${early ? ` (or \`reclaim run --wave ${early.number} --yes\` to start wave ${early.number} early)` : ''}`,
    );
  } else if (schedule.waves.length > 0)
    lines.push(
      `  every wave has started: \`reclaim enforce\` at each deadline (the last is ${schedule.waves.at(-1)!.deadlineAt}), then \`reclaim verify\``,
    );
  return lines;
}
