// The dry-run's operations (plannedOperations) of a stored plan version, from its header and its
// assignment pages instead of its body: one page of assignments in memory at a time, whatever the
// plan's size. The order is plannedOperations' own: the krbtgt steps, then per wave its start
// operations and tasks, then its deadline operations, which a second pass over the wave's pages
// yields so that none is held back.
import {
  assignmentOperations,
  plannedOperations,
  planTemplates,
  type PlannedOperation,
} from '../../core/planning/planned-operations.ts';
import type { PlanHeader } from '../../core/planning/plan.ts';
import type { Store } from '../../store/open-store.ts';
import { planAssignmentPages } from '../../store/plans/read-plan-assignments.ts';

export async function* planOperationPages(
  store: Store,
  versionId: string,
  header: PlanHeader,
  pageSize?: number,
): AsyncGenerator<PlannedOperation[]> {
  const krbtgt = [...plannedOperations({ ...header, waves: [], assignments: [] })];
  if (krbtgt.length > 0) yield krbtgt;
  const templatesOf = planTemplates(header.settings);
  for (const wave of header.waves) {
    if (wave.size === 0) continue;
    const range = { from: wave.firstAssignment, to: wave.firstAssignment + wave.size };
    for (const deadline of [false, true]) {
      for await (const page of planAssignmentPages(store, versionId, range, pageSize)) {
        const ops = page
          .flatMap((row) => assignmentOperations(templatesOf, wave, row.assignment))
          .filter((op) => (op.type === 'action' && op.phase === 'deadline') === deadline);
        if (ops.length > 0) yield ops;
      }
    }
  }
}
