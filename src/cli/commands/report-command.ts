// `reclaim report`: the campaign summary.
import { Command } from 'commander';
import { campaignReport, type CampaignReport } from '../../app/campaign/campaign-report.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

export function renderReport(r: CampaignReport): string {
  const c = r.campaign;
  return [
    `Reclaim report: campaign ${c.campaignId} "${c.name}" (${c.status}), T0 ${c.t0 ?? 'not started'}`,
    r.identities ? `  plan ${c.plan?.versionId.slice(0, 12)} by ${c.plan?.author}, approved by ${c.plan?.approvers.join(', ')}: ${r.identities.inWaves} identities in ${r.identities.waves} waves, ${r.identities.protected} protected, ${r.identities.unmanageable} unmanageable` : '  no plan',
    `  actions: ${c.totals.applied} applied, ${c.totals.verified} verified, ${c.totals.failed} failed, ${c.totals.skipped} skipped, ${c.totals.planned + c.totals.claimed} waiting`,
    ...Object.entries(r.byKind).map(([kind, states]) => `    ${kind}: ${Object.entries(states).map(([s, n]) => `${n} ${s}`).join(', ')}`),
    ...(Object.keys(r.failuresByCode).length > 0 ? [`  failures: ${Object.entries(r.failuresByCode).map(([code, n]) => `${n} ${code}`).join(', ')}`] : []),
    `  enforcement: ${r.enforcement.disabled} disabled, ${r.enforcement.exempt} exempt, ${r.enforcement.reenabled} re-enabled after a verified change`,
    r.lastVerification ? `  verification ${r.lastVerification.at}: ${r.lastVerification.checked} checked, ${r.lastVerification.changed} changed, ${r.lastVerification.missed} missed` : '  not verified yet',
    `  audit log: ${r.audit.entries} entries, chain ${r.audit.ok ? 'intact' : 'BROKEN'}`,
  ].join('\n');
}

export function reportCommand(): Command {
  return withCampaignOptions(new Command('report').description('the campaign summary')).action(async (flags: OperatorFlags, command: Command) => {
    const report = await withApp(command, flags, (app) => campaignReport(app, { ...(flags.campaign ? { campaignId: flags.campaign } : {}) }));
    printResult(report, flags.json, renderReport);
  });
}
