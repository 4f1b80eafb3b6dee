// `reclaim status`: actions by state per wave, the kill switch, and every permanent failure.
import { Command } from 'commander';
import { campaignStatus, type CampaignStatusView } from '../../app/campaign/campaign-status.ts';
import { printResult } from '../output.ts';
import { renderWaveSchedule } from '../render-wave-schedule.ts';
import { renderTaskCounts } from './tasks-render.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

const counts = (c: CampaignStatusView['totals']) =>
  `${c.planned} planned, ${c.claimed} claimed, ${c.applied} applied, ${c.verified} verified, ${c.failed} failed, ${c.skipped} skipped`;

function render(s: CampaignStatusView): string {
  return [
    `campaign ${s.campaignId} "${s.name}": ${s.status}${s.t0 ? `, T0 ${s.t0}` : ''}`,
    `  kill switch: ${s.killSwitch.engaged ? `ENGAGED by ${s.killSwitch.changedBy ?? '?'} at ${s.killSwitch.changedAt ?? '?'}` : 'released'}`,
    `  plan: ${s.plan ? `${s.plan.versionId.slice(0, 12)} by ${s.plan.author}, approved by ${s.plan.approvers.join(', ') || 'nobody yet'}` : 'none'}`,
    `  all actions: ${counts(s.totals)}`,
    ...(s.schedule ? ['  waves:', ...renderWaveSchedule(s.schedule).map((line) => `  ${line}`)] : []),
    ...s.waves.map((w) => `  wave ${w.number ?? '-'} ${w.name}: ${counts(w.counts)}`),
    renderTaskCounts(s.tasks),
    ...(s.failures.length > 0
      ? [
          '  failures:',
          ...s.failures.map(
            (f) =>
              `    ${f.directory}:${f.identity} ${f.kind}: ${f.code}${f.retrying ? ' (retrying)' : ''} - ${f.message ?? ''}`,
          ),
        ]
      : []),
  ].join('\n');
}

export function statusCommand(): Command {
  return withCampaignOptions(new Command('status').description('where the campaign stands')).action(
    async (flags: OperatorFlags, command: Command) => {
      const status = await withApp(command, flags, (app) =>
        campaignStatus(app, { ...(flags.campaign ? { campaignId: flags.campaign } : {}) }),
      );
      printResult(status, flags.json, render);
    },
  );
}
