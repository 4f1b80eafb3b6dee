// The assignment spill of one planning run (core/planning/assignment-spill.ts) in the store's
// scratch table plan_spill (migration 0016): `reclaim plan` keeps no assignment in memory but the
// page being segmented or read. The rows are the run's alone (its random id); `close` deletes them,
// after the plan is saved or when planning fails, and opening a spill deletes the rows of any run
// whose heartbeat stopped (a run that crashed). The buckets' tallies (one record per group) stay in
// memory: they are summed in the order the assignments come (assignment-spill.ts).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  createBucketTally,
  type AssignmentSpill,
  type SpillBucket,
  type SpillEntry,
  type SpillReader,
} from '../../core/planning/assignment-spill.ts';
import type { SegmentAssignment } from '../../core/segmentation/segment-identities.ts';
import { bulkInsert } from '../bulk-insert.ts';
import type { Database } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';

/** A run whose heartbeat is older than this has stopped: its rows are deleted by the next run. */
export const spillStaleAfterMs = 15 * 60_000;
/** A live run beats at least this often while it adds or reads rows. */
const beatEveryMs = 60_000;
const insertRows = 500;

export interface StorePlanSpill extends AssignmentSpill {
  readonly runId: string;
  add(page: readonly SpillEntry[]): Promise<void>;
  buckets(): SpillBucket[];
  members(bucket: SpillBucket): AsyncIterable<readonly SegmentAssignment[]>;
  /** The same spill read through `db` (inside a write transaction on SQLite: its one connection). */
  through(db: Kysely<Database>): SpillReader;
  /** Deletes the run's rows (after the plan is saved, or when planning failed). */
  close(): Promise<void>;
}

export interface PlanSpillOptions {
  now: () => Date;
  /** rows per page read back (default 2000) */
  pageSize?: number;
}

export async function openPlanSpill(store: Store, options: PlanSpillOptions): Promise<StorePlanSpill> {
  const runId = randomUUID();
  const pageSize = options.pageSize ?? 2000;
  const tally = createBucketTally();
  let seq = 0;
  let beatMs = options.now().getTime();
  const stale = new Date(beatMs - spillStaleAfterMs).toISOString();
  await inWriteTransaction(store, 'clearing the scratch rows of stopped planning runs', async (trx) => {
    const runs = trx.selectFrom('planSpillRuns').select('runId').where('beatAt', '<', stale);
    await trx.deleteFrom('planSpill').where('runId', 'in', runs).execute();
    await trx.deleteFrom('planSpillRuns').where('beatAt', '<', stale).execute();
    await trx
      .insertInto('planSpillRuns')
      .values({ runId, beatAt: new Date(beatMs).toISOString() })
      .execute();
  });

  const beat = async (db: Kysely<Database>): Promise<void> => {
    const nowMs = options.now().getTime();
    if (nowMs - beatMs < beatEveryMs) return;
    beatMs = nowMs;
    await db
      .updateTable('planSpillRuns')
      .set({ beatAt: new Date(nowMs).toISOString() })
      .where('runId', '=', runId)
      .execute();
  };

  async function* members(db: Kysely<Database>, bucket: SpillBucket): AsyncGenerator<SegmentAssignment[]> {
    let after = -1;
    for (;;) {
      const rows = await storeCall('reading the scratch rows of the plan', async () => {
        await beat(db);
        return db
          .selectFrom('planSpill')
          .select(['seq', 'assignment'])
          .where('runId', '=', runId)
          .where('tier', '=', bucket.tier)
          .where('groupKey', '=', bucket.group)
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(pageSize)
          .execute();
      });
      if (rows.length === 0) return;
      yield rows.map((r) => JSON.parse(r.assignment) as SegmentAssignment);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]?.seq);
    }
  }

  const view = (db: Kysely<Database>): SpillReader => ({
    buckets: () => tally.sorted(),
    members: (bucket) => members(db, bucket),
  });

  return {
    runId,
    async add(page) {
      if (page.length === 0) return;
      const spec = { table: 'plan_spill', columns: ['run_id', 'tier', 'group_key', 'seq', 'assignment'] };
      await inWriteTransaction(store, 'keeping the assignments being planned', async (trx) => {
        for (let from = 0; from < page.length; from += insertRows) {
          const rows = page
            .slice(from, from + insertRows)
            .map((e) => [runId, e.tier, e.group, seq++, JSON.stringify(e.assignment)] as const);
          await bulkInsert(trx, store.dialect, spec, rows);
        }
        await beat(trx);
      });
      for (const entry of page) tally.note(entry);
    },
    buckets: () => tally.sorted(),
    members: (bucket) => members(store.db, bucket),
    through: view,
    async close() {
      await inWriteTransaction(store, 'deleting the scratch rows of the plan', async (trx) => {
        await trx.deleteFrom('planSpill').where('runId', '=', runId).execute();
        await trx.deleteFrom('planSpillRuns').where('runId', '=', runId).execute();
      });
    },
  };
}
