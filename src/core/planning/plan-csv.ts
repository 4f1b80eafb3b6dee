// CSV export of a plan, one identity per line (RFC 4180 quoting), as a generator of lines so a
// million identities stream to a file. Cells that a spreadsheet would run as a formula are
// prefixed with a quote (csv-cell.ts).
import { csvCell } from '../csv-cell.ts';
import type { Plan } from './plan.ts';

const header = [
  'wave',
  'wave_start',
  'wave_deadline',
  'directory',
  'key',
  'name',
  'segment',
  'treatment',
  'rule',
  'group',
  'linked_directory',
  'linked_key',
  'sspr_registered',
  'owner',
];

export function* planCsvLines(plan: Plan): Generator<string> {
  yield header.join(',');
  const waveOf = new Map(plan.waves.map((w) => [w.number, w]));
  for (const a of plan.assignments) {
    const w = waveOf.get(a.wave);
    yield [
      a.wave,
      w?.startAt ?? null,
      w?.deadlineAt ?? null,
      a.directory,
      a.key,
      a.name,
      a.segment,
      a.treatment,
      a.ruleId,
      a.group,
      a.linked?.directory ?? null,
      a.linked?.key ?? null,
      a.ssprRegistered,
      a.owner,
    ]
      .map(csvCell)
      .join(',');
  }
}
