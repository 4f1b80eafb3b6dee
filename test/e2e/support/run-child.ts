// A `reclaim run` in a child process, for the crash tests: runs every wave of the campaign and
// prints one line when its actions exist (the parent kills it -9 at a random point after that).
import { runCampaign } from '../../../src/app/campaign/run-campaign.ts';
import { createApp } from '../../../src/app/create-app.ts';

const [configFile, campaignId] = process.argv.slice(2);
const app = createApp({ configFile: configFile!, operator: 'runner' });
const result = await runCampaign(app, {
  campaignId: campaignId!,
  allWaves: true,
  onStart: () => process.stdout.write('started\n'),
});
process.stdout.write(`${JSON.stringify({ done: true, summary: result.summary })}\n`);
await app.close();
