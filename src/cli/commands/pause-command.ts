// `reclaim pause`, `reclaim resume`, `reclaim abort`: the kill switch. Pause needs no --yes: it
// only stops writes (within a second), which is always safe to do.
import { Command } from 'commander';
import { controlCampaign, type CampaignControl } from '../../app/campaign/campaign-controls.ts';
import { printResult } from '../output.ts';
import { confirmWrites, withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

function controlCommand(control: CampaignControl, description: string): Command {
  const command = withCampaignOptions(new Command(control).description(description)).option(
    '--reason <text>',
    'why (kept in the audit log)',
  );
  if (control !== 'pause') command.option('--yes', 'confirm');
  return command.action(async (flags: OperatorFlags & { reason?: string; yes?: boolean }, cmd: Command) => {
    if (control !== 'pause' && !confirmWrites(flags, `${control} the campaign`)) return;
    const result = await withApp(cmd, flags, (app) =>
      controlCampaign(app, {
        control,
        ...(flags.campaign ? { campaignId: flags.campaign } : {}),
        ...(flags.reason ? { reason: flags.reason } : {}),
      }),
    );
    printResult(
      result,
      flags.json,
      (r) => `campaign ${r.campaignId}: ${r.status}, kill switch ${r.killSwitch ? 'ENGAGED (no writes)' : 'released'}`,
    );
  });
}

export const pauseCommand = () =>
  controlCommand('pause', 'engage the kill switch: every engine stops writing within a second');
export const resumeCommand = () =>
  controlCommand('resume', 'release the kill switch; `reclaim run` continues where it stopped');
export const abortCommand = () =>
  controlCommand('abort', 'stop the campaign for good (kill switch engaged, status aborted)');
