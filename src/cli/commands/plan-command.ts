// `reclaim plan` (make a plan version), `plan show [--dry-run]`, `plan diff A B`,
// `plan export --format json|csv`, `plan import FILE` (a hand-edited plan; it needs approval and
// the engine still refuses protected identities at apply time). `show` reads the plan's header and
// `--dry-run` and `export` its assignments page by page, so their memory does not grow with the
// plan; `diff` compares two whole bodies (diffPlans takes plans).
import { Command } from 'commander';
import { currentPlan, currentPlanHeader } from '../../app/campaign/current-plan.ts';
import { importPlan, makePlan, type PlanSaved } from '../../app/campaign/make-plan.ts';
import { planExportChunks } from '../../app/campaign/plan-export-chunks.ts';
import { planOperationPages } from '../../app/campaign/plan-operation-pages.ts';
import { resolveCampaign } from '../../app/campaign/resolve-campaign.ts';
import { readInputFile, type InputFileKind } from '../../app/input/read-input-file.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { diffPlans } from '../../core/planning/diff-plans.ts';
import { renderPlanHybrid } from '../../core/planning/plan-hybrid.ts';
import type { PlannedOperation } from '../../core/planning/planned-operations.ts';
import type { Plan, PlanHeader } from '../../core/planning/plan.ts';
import { printResult, writeOut } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { plural } from '../../core/plural.ts';

/** 512 MiB: a million identities export to about 400 MB; more than that is not a plan. */
const planFileKind: InputFileKind = { what: 'plan file', maxBytes: 512 * 1024 * 1024, code: 'INPUT_INVALID' };

function renderSaved(r: Omit<PlanSaved, 'plan'> & { plan: PlanHeader }): string {
  const p = r.plan;
  return [
    `plan version ${r.versionId.slice(0, 12)} of campaign ${r.campaignId}${r.created ? '' : ' (unchanged)'}`,
    `  ${plural(p.totals.inWaves, 'identity', 'identities')} in ${plural(p.waves.length, 'wave')}; ` +
      `${p.protected.length} protected, ${p.unmanageable.length} unmanageable, ${p.outOfScope.count} out of scope`,
    ...p.waves.map(
      (w) =>
        `  wave ${w.number} ${w.label}: ${plural(w.size, 'identity', 'identities')}` +
        `, starts ${w.startAt}, deadline ${w.deadlineAt}${w.needsSecondApprover ? ' (above blast radius)' : ''}`,
    ),
    ...(p.krbtgt.length > 0
      ? [`  krbtgt: ${p.krbtgt.map((k) => `${k.name} step ${k.step} at ${k.at}`).join('; ')}`]
      : []),
    ...(p.unmatchedCompromised?.length
      ? [
          `  WARNING known compromised but matching no identity: ${p.unmatchedCompromised.join(', ')}` +
            ` (a typo, or a directory or OU not discovered: nothing is done for them)`,
        ]
      : []),
    `  by treatment: ${Object.entries(p.totals.byTreatment)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
    ...renderPlanHybrid(p.hybrid).map((line) => `  ${line}`),
    'next: a second operator reviews it and approves with their own account: `reclaim approve --login ACCOUNT`',
  ].join('\n');
}

/** A whole plan body: only `plan diff` needs one. */
async function loadPlan(
  command: Command,
  flags: OperatorFlags,
  version?: string,
): Promise<{ campaignId: string; versionId: string; plan: Plan }> {
  return withApp(command, flags, async (app) => {
    const store = await app.store();
    const campaign = await resolveCampaign(store, flags.campaign);
    const current = await currentPlan(store, campaign.id, version);
    return { campaignId: campaign.id, versionId: current.versionId, plan: current.plan };
  });
}

function renderOperation(op: PlannedOperation): string {
  if (op.type === 'action')
    return (
      `wave ${op.wave} ${op.at} ${op.phase.padEnd(13)} ${op.action.kind.padEnd(18)} ` +
      `${op.action.directory}:${op.action.identity.name}` +
      `${op.condition ? `  (if ${op.condition})` : ''}\n`
    );
  return `wave ${op.wave} ${op.at} task          ${op.task.padEnd(18)} ${op.identity.directory}:${op.identity.name}  (${op.description})\n`;
}

export function planCommand(): Command {
  const plan = new Command('plan').description(
    'make, show, compare and export plans (nothing is written to a directory)',
  );
  withCampaignOptions(
    plan
      .command('create', { isDefault: true })
      .description('make a new plan version from discovery, triage and the config'),
  )
    .option('--start <iso>', 'when the first wave starts (default: now)')
    .action(async (flags: OperatorFlags & { start?: string }, command: Command) => {
      const startAt = flags.start ? new Date(flags.start) : undefined;
      if (startAt && Number.isNaN(startAt.getTime()))
        throw new ReclaimError('USAGE_INVALID', `--start: "${flags.start}" is not an ISO date-time`);
      const saved = await withApp(command, flags, (app) =>
        makePlan(app, { ...(flags.campaign ? { campaignId: flags.campaign } : {}), ...(startAt ? { startAt } : {}) }),
      );
      printResult(
        flags.json
          ? {
              campaignId: saved.campaignId,
              versionId: saved.versionId,
              created: saved.created,
              totals: saved.plan.totals,
              waves: saved.plan.waves.length,
              unmatchedCompromised: saved.plan.unmatchedCompromised ?? [],
            }
          : saved,
        flags.json,
        renderSaved as (v: unknown) => string,
      );
    });
  withCampaignOptions(
    plan
      .command('show')
      .description('show the current plan; --dry-run lists every directory operation it will perform'),
  )
    .option('--version <hash>', 'a plan version (prefix)')
    .option('--dry-run', 'list the exact operations, in order')
    .action(async (flags: OperatorFlags & { version?: string; dryRun?: boolean }, command: Command) => {
      await withApp(command, flags, async (app) => {
        const store = await app.store();
        const campaign = await resolveCampaign(store, flags.campaign);
        const { versionId, plan: p } = await currentPlanHeader(store, campaign.id, flags.version);
        if (!flags.dryRun)
          return printResult({ campaignId: campaign.id, versionId, ...p }, flags.json, () =>
            renderSaved({ campaignId: campaign.id, versionId, created: true, plan: p }),
          );
        for await (const page of planOperationPages(store, versionId, p))
          await writeOut(page.map((op) => (flags.json ? `${JSON.stringify(op)}\n` : renderOperation(op))).join(''));
      });
    });
  withCampaignOptions(
    plan
      .command('diff')
      .description('compare two plan versions')
      .argument('<a>', 'plan version (prefix)')
      .argument('<b>', 'plan version (prefix)'),
  ).action(async (a: string, b: string, flags: OperatorFlags, command: Command) => {
    const [from, to] = [await loadPlan(command, flags, a), await loadPlan(command, flags, b)];
    const diff = diffPlans(from.plan, to.plan);
    printResult(diff, flags.json, (d) =>
      d.same
        ? 'the plans are the same'
        : [
            `${d.counts.added} added, ${d.counts.removed} removed, ${d.counts.changed} changed`,
            ...d.settings.map(
              (s) => `  setting ${s.setting}: ${JSON.stringify(s.before)} -> ${JSON.stringify(s.after)}`,
            ),
            ...d.waves.map((w) => `  wave ${w.wave} ${w.change}: ${w.what.join('; ')}`),
            ...d.identities
              .slice(0, 50)
              .map((i) => `  ${i.change} ${i.name}: ${JSON.stringify(i.before)} -> ${JSON.stringify(i.after)}`),
          ].join('\n'),
    );
  });
  withCampaignOptions(plan.command('export').description('print the current plan as JSON or CSV'))
    .option('--format <format>', 'json or csv', 'json')
    .option('--version <hash>', 'a plan version (prefix)')
    .action(async (flags: OperatorFlags & { format: string; version?: string }, command: Command) => {
      if (flags.format !== 'json' && flags.format !== 'csv')
        throw new ReclaimError('USAGE_INVALID', `--format: expected json or csv, not "${flags.format}"`);
      const format = flags.format;
      await withApp(command, flags, async (app) => {
        const store = await app.store();
        const campaign = await resolveCampaign(store, flags.campaign);
        const { versionId, plan: p } = await currentPlanHeader(store, campaign.id, flags.version);
        for await (const chunk of planExportChunks(store, versionId, p, format)) await writeOut(chunk);
      });
    });
  withCampaignOptions(
    plan
      .command('import')
      .description('save an edited plan (JSON from `plan export`) as a new version; it needs approval')
      .argument('<file>', 'plan JSON file'),
  ).action(async (file: string, flags: OperatorFlags, command: Command) => {
    const text = readInputFile(file, planFileKind);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new ReclaimError(
        'INPUT_INVALID',
        `${file}: not readable JSON (${error instanceof Error ? error.message : String(error)})`,
        { where: file },
      );
    }
    const saved = await withApp(command, flags, (app) =>
      importPlan(app, { ...(flags.campaign ? { campaignId: flags.campaign } : {}), plan: body, source: file }),
    );
    printResult(
      flags.json ? { campaignId: saved.campaignId, versionId: saved.versionId, created: saved.created } : saved,
      flags.json,
      renderSaved as (v: unknown) => string,
    );
  });
  return plan;
}
