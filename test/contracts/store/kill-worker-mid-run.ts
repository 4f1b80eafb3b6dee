// Runs store-worker.ts's 'work-until-killed' task in a child process for a campaign of planned
// actions, and kills it with SIGKILL once it has applied some (so, most likely, while it is inside
// a transaction). Resolves when the child is gone.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Store } from '../../../src/store/open-store.ts';
import { at } from './store-fixtures.ts';
import type { StoreWorkerTask } from './store-worker.ts';

const script = fileURLToPath(new URL('./store-worker.ts', import.meta.url));

export async function killWorkerMidRun(
  store: Store,
  campaignId: string,
  options: { owner: string; appliedBeforeKill: number },
): Promise<void> {
  const task: StoreWorkerTask = {
    task: 'work-until-killed',
    url: store.url,
    campaignId,
    owner: options.owner,
    now: at(0).toISOString(),
  };
  const child = spawn(process.execPath, [script, JSON.stringify(task)], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (let i = 0; i < 2400; i += 1) {
      const applied = await store.db
        .selectFrom('actions')
        .select('id')
        .where('campaignId', '=', campaignId)
        .where('state', '=', 'applied')
        .limit(options.appliedBeforeKill)
        .execute();
      if (applied.length >= options.appliedBeforeKill) break;
      await sleep(50);
    }
    child.kill('SIGKILL');
    await exited;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
