// `reclaim report`: the campaign summary; with --out, the self-contained HTML report, the CSV per
// identity and the JSON of everything; with --evidence, the evidence pack (.tar.gz) for regulators.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { campaignReport, type CampaignReport } from '../../app/campaign/campaign-report.ts';
import { collectReportData } from '../../app/reports/collect-report-data.ts';
import { writeEvidencePack, type EvidencePack } from '../../app/reports/write-evidence-pack.ts';
import { writeReportFiles, type ReportFiles } from '../../app/reports/write-report-files.ts';
import { printResult } from '../output.ts';
import { renderTaskCounts } from './tasks-render.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { plural } from '../../core/plural.ts';

export function renderReport(r: CampaignReport): string {
  const c = r.campaign;
  return [
    `Reclaim report: campaign ${c.campaignId} "${c.name}" (${c.status}), T0 ${c.t0 ?? 'not started'}`,
    r.identities
      ? `  plan ${c.plan?.versionId.slice(0, 12)} by ${c.plan?.author}, ` +
        `approved by ${c.plan?.approvers.join(', ') || 'nobody yet'}` +
        `: ${plural(r.identities.inWaves, 'identity', 'identities')} in ${plural(r.identities.waves, 'wave')}` +
        `, ${r.identities.protected} protected, ${r.identities.unmanageable} unmanageable`
      : '  no plan',
    `  actions: ${c.totals.applied} applied, ${c.totals.verified} verified, ` +
      `${c.totals.failed} failed, ${c.totals.skipped} skipped, ${c.totals.planned + c.totals.claimed} waiting`,
    ...Object.entries(r.byKind).map(
      ([kind, states]) =>
        `    ${kind}: ${Object.entries(states)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ')}`,
    ),
    ...(Object.keys(r.failuresByCode).length > 0
      ? [
          `  failures: ${Object.entries(r.failuresByCode)
            .map(([code, n]) => `${n} ${code}`)
            .join(', ')}`,
        ]
      : []),
    `  enforcement: ${r.enforcement.disabled} disabled, ${r.enforcement.exempt} exempt, ${r.enforcement.reenabled} re-enabled after a verified change`,
    renderTaskCounts(r.tasks),
    r.lastVerification
      ? `  verification ${r.lastVerification.at}: ${r.lastVerification.checked} checked, ` +
        `${r.lastVerification.changed} changed, ${r.lastVerification.reset} reset (awaiting their owner), ` +
        `${r.lastVerification.missed} missed`
      : '  not verified yet',
    `  audit log: ${r.audit.entries} entries, chain ${r.audit.ok ? 'intact' : 'BROKEN'}`,
  ].join('\n');
}

interface ReportFlags extends OperatorFlags {
  out?: string;
  evidence?: string;
}

type ReportResult = CampaignReport & { files?: ReportFiles; evidencePack?: EvidencePack };

export function reportCommand(): Command {
  return withCampaignOptions(
    new Command('report').description(
      'the campaign summary; --out writes the HTML, CSV and JSON report, --evidence the evidence pack',
    ),
  )
    .option('--out <dir>', 'write report.html, identities.csv, notices.csv and report.json into this folder')
    .option(
      '--evidence <file>',
      'write the evidence pack (.tar.gz: report, plan, approvals, audit log, chain verification, SHA-256 manifest)',
    )
    .action(async (flags: ReportFlags, command: Command) => {
      const campaign = flags.campaign ? { campaignId: flags.campaign } : {};
      const report = await withApp(command, flags, async (app): Promise<ReportResult> => {
        const summary: ReportResult = await campaignReport(app, campaign);
        if (!flags.out && !flags.evidence) return summary;
        const data = await collectReportData(app, { campaignId: summary.campaign.campaignId });
        if (flags.out) summary.files = writeReportFiles(data, resolve(flags.out));
        if (flags.evidence)
          summary.evidencePack = await writeEvidencePack(await app.store(), data, resolve(flags.evidence));
        return summary;
      });
      printResult(report, flags.json, (r) =>
        [
          renderReport(r),
          ...(r.files
            ? [
                `  report: ${r.files.html}`,
                `  CSV per identity: ${r.files.csv}`,
                `  notices journal: ${r.files.noticesCsv}`,
                `  JSON: ${r.files.json}`,
              ]
            : []),
          ...(r.evidencePack
            ? [
                `  evidence pack: ${r.evidencePack.file} (sha256 ${r.evidencePack.sha256}, ${r.evidencePack.files.length} files + MANIFEST.sha256)`,
              ]
            : []),
        ].join('\n'),
      );
    });
}
