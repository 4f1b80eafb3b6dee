// Runs one store task in a child process with its own connection, so concurrency tests exercise
// real parallel writers: better-sqlite3 blocks its thread while it waits for a lock, so two
// SQLite connections in one process would only wait on each other. Input: JSON in argv[2];
// output: one JSON line on stdout.
import { setTimeout as sleep } from 'node:timers/promises';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { appendAudit } from '../../../src/store/audit/append-audit.ts';
import { openStore } from '../../../src/store/open-store.ts';

export type StoreWorkerTask =
  | { task: 'open'; url: string }
  | { task: 'claim-all'; url: string; campaignId: string; owner: string; limit: number; now: string }
  | { task: 'append-audit'; url: string; actor: string; count: number; now: string }
  | { task: 'work-until-killed'; url: string; campaignId: string; owner: string; now: string };

async function run(input: StoreWorkerTask): Promise<unknown> {
  const store = await openStore(input.url);
  try {
    if (input.task === 'open') return store.migrationsApplied;
    if (input.task === 'claim-all') {
      // Both claimers start together (process start-up times differ a lot on a busy machine):
      // each says it is ready in the settings table and waits for the test's go. Between
      // claims each does a little "work", as the engine does, so the transactions interleave.
      const at = new Date(input.now).toISOString();
      await store.db
        .insertInto('settings')
        .values({ key: `ready:${input.campaignId}:${input.owner}`, value: '{}', updatedAt: at, updatedBy: input.owner })
        .execute();
      while (
        !(await store.db
          .selectFrom('settings')
          .select('key')
          .where('key', '=', `go:${input.campaignId}`)
          .executeTakeFirst())
      )
        await sleep(20);
      const ids: number[] = [];
      for (;;) {
        await sleep(5);
        const claimed = await claimActions(store, {
          campaignId: input.campaignId,
          owner: input.owner,
          limit: input.limit,
          leaseMs: 3_600_000,
          now: new Date(input.now),
        });
        if (claimed.length === 0) return ids;
        ids.push(...claimed.map((c) => c.id));
      }
    }
    if (input.task === 'work-until-killed') {
      // Claims, starts and applies actions as fast as it can, until the test kills it with
      // SIGKILL at an arbitrary point (often inside a transaction).
      const now = new Date(input.now);
      for (;;) {
        const claimed = await claimActions(store, {
          campaignId: input.campaignId,
          owner: input.owner,
          limit: 3,
          leaseMs: 60_000,
          now,
        });
        if (claimed.length === 0) return 0;
        for (const action of claimed) {
          await transitionAction(store, {
            id: action.id,
            owner: input.owner,
            from: 'claimed',
            to: 'claimed',
            event: 'apply-start',
            now,
          });
          await transitionAction(store, {
            id: action.id,
            owner: input.owner,
            from: 'claimed',
            to: 'applied',
            event: 'apply-ok',
            now,
          });
        }
      }
    }
    for (let i = 0; i < input.count; i += 1) {
      await appendAudit(store, {
        actor: input.actor,
        action: 'test.append',
        details: { i },
        source: 'cli',
        now: new Date(input.now),
      });
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
    process.stdout.write(
      `${JSON.stringify({ ok: false, error: error instanceof Error ? `${code} ${error.message}` : String(error) })}\n`,
    );
    process.exitCode = 1;
  },
);
