// Runs one store task in a child process with its own connection, so concurrency tests exercise
// real parallel writers: better-sqlite3 blocks its thread while it waits for a lock, so two
// SQLite connections in one process would only wait on each other. Input: JSON in argv[2];
// output: one JSON line on stdout.
import { setTimeout as sleep } from 'node:timers/promises';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { appendAudit } from '../../../src/store/audit/append-audit.ts';
import { openStore } from '../../../src/store/open-store.ts';

export type StoreWorkerTask =
  | { task: 'open'; url: string }
  | { task: 'claim-all'; url: string; campaignId: string; owner: string; limit: number; now: string; startAt: number }
  | { task: 'append-audit'; url: string; actor: string; count: number; now: string };

async function run(input: StoreWorkerTask): Promise<unknown> {
  const store = await openStore(input.url);
  try {
    if (input.task === 'open') return store.migrationsApplied;
    if (input.task === 'claim-all') {
      // Both claimers start together (process start-up times differ) and do a little "work"
      // between claims, as the engine does, so their transactions really interleave.
      await sleep(Math.max(0, input.startAt - Date.now()));
      const ids: number[] = [];
      for (;;) {
        await sleep(1);
        const claimed = await claimActions(store, { campaignId: input.campaignId, owner: input.owner, limit: input.limit, leaseMs: 3_600_000, now: new Date(input.now) });
        if (claimed.length === 0) return ids;
        ids.push(...claimed.map((c) => c.id));
      }
    }
    for (let i = 0; i < input.count; i += 1) {
      await appendAudit(store, { actor: input.actor, action: 'test.append', details: { i }, source: 'cli', now: new Date(input.now) });
    }
    return input.count;
  } finally {
    await store.close();
  }
}

run(JSON.parse(process.argv[2] ?? '{}') as StoreWorkerTask).then(
  (result) => process.stdout.write(`${JSON.stringify({ ok: true, result })}\n`),
  (error: unknown) => {
    const code = (error as { code?: string }).code ?? '';
    process.stdout.write(`${JSON.stringify({ ok: false, error: error instanceof Error ? `${code} ${error.message}` : String(error) })}\n`);
    process.exitCode = 1;
  },
);
