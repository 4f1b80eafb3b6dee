// `plan export` of a stored version, a page of assignments at a time: the JSON text is the body's
// own (`JSON.stringify(body, null, 2)`: the stored body has its keys sorted, and so do its header
// and each assignment row, so `assignments` is spliced in at its sorted place); the CSV is
// planCsvLines over each page. A version without assignment rows prints its body as is: it is
// small, and the document stays the one an approval names even when it has no `assignments` array.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { planCsvLines } from '../../core/planning/plan-csv.ts';
import type { PlanHeader } from '../../core/planning/plan.ts';
import type { Store } from '../../store/open-store.ts';
import { type AssignmentRow, planAssignmentPages } from '../../store/plans/read-plan-assignments.ts';
import { planVersionBody } from '../../store/plans/read-plan-versions.ts';

export async function* planExportChunks(
  store: Store,
  versionId: string,
  header: PlanHeader,
  format: 'json' | 'csv',
  pageSize?: number,
): AsyncGenerator<string> {
  const pages = planAssignmentPages(store, versionId, {}, pageSize);
  const first = await pages.next();
  if (format === 'csv') {
    const lines = (rows: AssignmentRow[] | undefined, withHeading: boolean) =>
      [...planCsvLines({ ...header, assignments: (rows ?? []).map((r) => r.assignment) })]
        .slice(withHeading ? 0 : 1)
        .map((line) => `${line}\n`)
        .join('');
    yield lines(first.value, true);
    for await (const page of pages) yield lines(page, false);
    return;
  }
  if (first.done) {
    const body = await planVersionBody(store, versionId);
    if (body === undefined) throw new ReclaimError('STORE_CONFLICT', `plan version ${versionId} vanished while read`);
    yield `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
    return;
  }
  const keys = [...Object.keys(header), 'assignments'].sort();
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const member = `  ${JSON.stringify(key)}: `;
    const end = i < keys.length - 1 ? ',\n' : '\n';
    if (key !== 'assignments') {
      const value = (header as unknown as Record<string, unknown>)[key];
      yield `${member}${indent(JSON.stringify(value, null, 2), '  ')}${end}`;
      continue;
    }
    yield `${member}[\n`;
    let separator = '    ';
    const items = (page: AssignmentRow[]): string => {
      let text = '';
      for (const row of page) {
        text += `${separator}${indent(JSON.stringify(row.assignment, null, 2), '    ')}`;
        separator = ',\n    ';
      }
      return text;
    };
    yield items(first.value);
    for await (const page of pages) yield items(page);
    yield `\n  ]${end}`;
  }
  yield '}\n';
}

function indent(json: string, by: string): string {
  return json.replaceAll('\n', `\n${by}`);
}
