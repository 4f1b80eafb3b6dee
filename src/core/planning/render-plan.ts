// Plain-text summary of a plan for `reclaim plan show`: totals, alternatives, krbtgt timeline,
// one line per wave with its schedule and forecast, and what was set aside.
import { renderPlanHybrid } from './plan-hybrid.ts';
import type { Plan } from './plan.ts';

const short = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

export function renderPlan(plan: Plan, options: { maxWaves?: number } = {}): string {
  const t = plan.totals;
  const lines = [
    `Plan ${plan.contentHash.slice(0, 12)} (${plan.assurance} assurance), starts ` +
      `${short(plan.startAt)} UTC, ends ${short(t.endsAt)} UTC (${t.durationHours} h)`,
    `${t.identities} identities in ${t.waves} waves; ${t.expectedCalls} helpdesk calls expected; ${t.writeSeconds} s of directory writes`,
    `  by segment:   ${Object.entries(t.bySegment)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  by treatment: ${Object.entries(t.byTreatment)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ];
  if (plan.krbtgt.length > 0) {
    lines.push('', 'krbtgt double reset:');
    for (const k of plan.krbtgt) lines.push(`  ${short(k.at)}  ${k.directory}:${k.name} reset ${k.step}: ${k.why}`);
  }
  lines.push('', 'Waves:');
  const shown = plan.waves.slice(0, options.maxWaves ?? 50);
  for (const w of shown) {
    const f = w.forecast;
    lines.push(
      `  #${w.number} ${w.label}: ${w.size} identities${w.tasks ? ` (${w.tasks} tasks)` : ''}, start ` +
        `${short(w.startAt)}, deadline ${short(w.deadlineAt)}, grace to ${short(w.graceEndsAt)}` +
        `; ${f.expectedCalls}/${f.capacityCalls} calls (${f.callsPerHour}/h), writes ` +
        `${f.writeSeconds} s${w.needsSecondApprover ? '; needs a second approver' : ''}`,
    );
  }
  if (plan.waves.length > shown.length) lines.push(`  ... and ${plan.waves.length - shown.length} more waves`);
  lines.push('', 'Alternatives:');
  for (const a of plan.alternatives) {
    lines.push(
      `  ${a.segment}: ${a.chosen ? 'CHOSEN' : 'available'}: ${a.description}`,
      `    drawback: ${a.drawback}`,
      `    mitigation: ${a.mitigation}${a.note ? `\n    note: ${a.note}` : ''}`,
    );
  }
  const hybrid = renderPlanHybrid(plan.hybrid);
  if (hybrid.length > 0) lines.push('', ...hybrid);
  lines.push('', `Protected (never in a wave): ${plan.protected.length}`);
  for (const p of plan.protected.slice(0, 20)) lines.push(`  ${p.directory}:${p.name}: ${p.reason}`);
  if (plan.unmanageable.length > 0)
    lines.push(`Cannot be planned: ${plan.unmanageable.length} (${plan.unmanageable[0]?.reason})`);
  lines.push(`Out of scope: ${plan.outOfScope.count} (${plan.outOfScope.reason})`);
  if (plan.unmatchedCompromised?.length)
    lines.push(`Known compromised but matching no identity: ${plan.unmatchedCompromised.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
