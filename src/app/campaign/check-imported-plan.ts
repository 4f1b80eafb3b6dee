// `reclaim plan import`: an edited plan is checked in whole before anything is saved: its shape
// (plan-schema.ts, the schema of what the planner produces), then that it holds together: waves
// numbered 1..n over contiguous, non-overlapping ranges of assignments that carry their wave's
// number, dates in order, totals that add up, no identity twice, and only configured directories.
// Every problem is listed with its path; protected identities are refused later, at apply time,
// by the engine (a hand-edited plan cannot get past that either).
import type { Plan } from '../../core/planning/plan.ts';
import { describeZodIssue } from '../input/describe-zod-issue.ts';
import type { InputProblem } from '../input/yaml-input.ts';
import { planSchema } from './plan-schema.ts';

export type ImportedPlanCheck = { ok: true; plan: Plan } | { ok: false; problems: InputProblem[] };

export function checkImportedPlan(body: unknown, configuredDirectories: ReadonlySet<string>): ImportedPlanCheck {
  const parsed = planSchema.safeParse(body);
  if (!parsed.success) {
    const context = { value: body, unknownKeys: 'unknown field(s)' };
    return { ok: false, problems: parsed.error.issues.map((issue) => describeZodIssue(issue, context)) };
  }
  const plan = parsed.data as Plan;
  const problems: InputProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  let next = 0;
  const inWave = new Map<number, number>();
  plan.waves.forEach((w, i) => {
    if (w.number !== i + 1) problem(`waves.${i}.number`, `expected ${i + 1}: waves are numbered 1, 2, 3... in order`);
    if (w.firstAssignment < next)
      problem(`waves.${i}.firstAssignment`, `overlaps the previous wave (its assignments end at ${next})`);
    if (w.firstAssignment + w.size > plan.assignments.length)
      problem(`waves.${i}.size`, `runs past the end of the ${plan.assignments.length} assignments`);
    for (let j = w.firstAssignment; j < Math.min(w.firstAssignment + w.size, plan.assignments.length); j++)
      inWave.set(j, w.number);
    next = Math.max(next, w.firstAssignment + w.size);
    if (Date.parse(w.deadlineAt) < Date.parse(w.startAt)) problem(`waves.${i}.deadlineAt`, 'is before the wave starts');
    if (Date.parse(w.graceEndsAt) < Date.parse(w.deadlineAt))
      problem(`waves.${i}.graceEndsAt`, 'is before the deadline');
  });
  const seen = new Set<string>();
  const unknownDirectories = new Set<string>();
  plan.assignments.forEach((a, j) => {
    const wave = inWave.get(j) ?? 0;
    if (a.wave !== wave)
      problem(
        `assignments.${j}.wave`,
        `${a.wave}, but it is ${wave ? `in the range of wave ${wave}` : 'in no wave (0)'}`,
      );
    const id = `${a.directory}\n${a.key}`;
    if (seen.has(id)) problem(`assignments.${j}`, `${a.directory}:${a.name} is listed twice`);
    seen.add(id);
    if (!configuredDirectories.has(a.directory) && !unknownDirectories.has(a.directory)) {
      unknownDirectories.add(a.directory);
      problem(`assignments.${j}.directory`, `"${a.directory}" is not a configured directory`);
    }
  });
  const inWaves = plan.waves.reduce((sum, w) => sum + w.size, 0);
  if (plan.totals.inWaves !== inWaves)
    problem('totals.inWaves', `${plan.totals.inWaves}, but the waves hold ${inWaves}`);
  if (plan.totals.waves !== plan.waves.length)
    problem('totals.waves', `${plan.totals.waves}, but the plan has ${plan.waves.length}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan };
}
