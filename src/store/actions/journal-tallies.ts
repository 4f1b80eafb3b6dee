// Keeps journal_tallies (migration 0007) equal to the journal: per campaign, directory and minute
// of the entry's time, the state changes into applied and into failed, the failures with the error
// code DIRECTORY_THROTTLED (and the time of the last one), the retries (failed -> claimed) and
// every entry from or into failed. writeJournalEvents calls applyJournalTallies inside the
// transaction that writes the entries, so the tallies commit or roll back with them; the console's
// dashboard reads them instead of scanning the journal. recountJournalTallies computes the same
// rows from the journal itself (the check, and the dashboard's baseline), rebuildJournalTallies
// resets a campaign's tallies from it (after a bulk load that bypassed the store's writers).
// SAFETY (PostgreSQL): like the action counters, one statement per transaction with its keys in a
// fixed order, written before the action counters by every writer, so workers lock shared tally
// rows in the same order (no deadlock).
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { ActionState, JournalTalliesTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction, type StoreTransaction } from '../write-transaction.ts';

/** One row of journal_tallies without its campaign (see JournalTalliesTable). */
export type JournalTally = Omit<Selectable<JournalTalliesTable>, 'campaignId'>;

/** What a journal entry adds to its minute's tally, or null when it adds nothing. */
export function tallyOf(
  entry: { at: string; fromState: ActionState | null; toState: ActionState; details: string },
  directory: string,
): JournalTally | null {
  const into = (state: ActionState) => entry.toState === state && entry.fromState !== state;
  const throttled = entry.toState === 'failed' && entry.details.includes('"errorCode":"DIRECTORY_THROTTLED"');
  const tally: JournalTally = {
    directory,
    minute: entry.at.slice(0, 16),
    applied: into('applied') ? 1 : 0,
    failed: into('failed') ? 1 : 0,
    throttled: throttled ? 1 : 0,
    retries: entry.fromState === 'failed' && entry.toState === 'claimed' ? 1 : 0,
    failureEvents: entry.toState === 'failed' || entry.fromState === 'failed' ? 1 : 0,
    lastThrottledAt: throttled ? entry.at : null,
  };
  return tally.applied + tally.failureEvents > 0 ? tally : null;
}

/** Adds the tallies of journal entries just written in `trx` (details already serialised). */
export async function applyJournalTallies(
  trx: StoreTransaction,
  entries: ReadonlyArray<{
    actionId: number;
    campaignId: string;
    at: string;
    fromState: ActionState | null;
    toState: ActionState;
    details: string;
    directory?: string;
  }>,
): Promise<void> {
  const counted = entries.filter((e) => tallyOf(e, '') !== null);
  if (counted.length === 0) return;
  const unknown = [...new Set(counted.filter((e) => e.directory === undefined).map((e) => e.actionId))];
  const directories = new Map<number, string>();
  for (let i = 0; i < unknown.length; i += 500) {
    const rows = await trx
      .selectFrom('actions')
      .select(['id', 'directory'])
      .where('id', 'in', unknown.slice(i, i + 500))
      .execute();
    for (const row of rows) directories.set(Number(row.id), row.directory);
  }
  const sums = new Map<string, JournalTally & { campaignId: string }>();
  for (const entry of counted) {
    const t = tallyOf(entry, entry.directory ?? directories.get(entry.actionId)!)!;
    const key = `${entry.campaignId}\u0000${t.directory}\u0000${t.minute}`;
    const sum = sums.get(key);
    if (!sum) {
      sums.set(key, { campaignId: entry.campaignId, ...t });
      continue;
    }
    for (const k of ['applied', 'failed', 'throttled', 'retries', 'failureEvents'] as const) sum[k] += t[k];
    if (t.lastThrottledAt && (!sum.lastThrottledAt || t.lastThrottledAt > sum.lastThrottledAt))
      sum.lastThrottledAt = t.lastThrottledAt;
  }
  const rows = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('journalTallies')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['campaignId', 'directory', 'minute']).doUpdateSet((eb) => ({
          applied: eb('journalTallies.applied', '+', eb.ref('excluded.applied')),
          failed: eb('journalTallies.failed', '+', eb.ref('excluded.failed')),
          throttled: eb('journalTallies.throttled', '+', eb.ref('excluded.throttled')),
          retries: eb('journalTallies.retries', '+', eb.ref('excluded.retries')),
          failureEvents: eb('journalTallies.failureEvents', '+', eb.ref('excluded.failureEvents')),
          lastThrottledAt: sql<
            string | null
          >`case when excluded.last_throttled_at is null then journal_tallies.last_throttled_at
            when journal_tallies.last_throttled_at is null or excluded.last_throttled_at > journal_tallies.last_throttled_at then excluded.last_throttled_at
            else journal_tallies.last_throttled_at end`,
        })),
      )
      .execute();
  }
}

const tallyColumns = [
  'directory',
  'minute',
  'applied',
  'failed',
  'throttled',
  'retries',
  'failureEvents',
  'lastThrottledAt',
] as const;

function toTally(row: Record<(typeof tallyColumns)[number], unknown>): JournalTally {
  return {
    directory: String(row.directory),
    minute: String(row.minute),
    applied: Number(row.applied),
    failed: Number(row.failed),
    throttled: Number(row.throttled),
    retries: Number(row.retries),
    failureEvents: Number(row.failureEvents),
    lastThrottledAt: row.lastThrottledAt === null ? null : String(row.lastThrottledAt),
  };
}

/** A campaign's tallies as kept, ordered by directory and minute. */
export async function readJournalTallies(store: Store, campaignId: string): Promise<JournalTally[]> {
  const rows = await storeCall('reading the journal tallies', () =>
    store.reader
      .selectFrom('journalTallies')
      .select([...tallyColumns])
      .where('campaignId', '=', campaignId)
      .orderBy('directory')
      .orderBy('minute')
      .execute(),
  );
  return rows.map(toTally);
}

/** The same tallies computed from the journal itself (a pass over the campaign's journal). */
function tallySelect(campaignId: string): RawBuilder<unknown> {
  const throttled = sql`j.to_state = 'failed' and j.details like '%"errorCode":"DIRECTORY_THROTTLED"%'`;
  const into = (state: string) =>
    sql`j.to_state = ${sql.lit(state)} and (j.from_state is null or j.from_state <> j.to_state)`;
  return sql`select j.campaign_id as campaign_id, a.directory as directory, substr(j.at, 1, 16) as minute,
      sum(case when ${into('applied')} then 1 else 0 end) as applied,
      sum(case when ${into('failed')} then 1 else 0 end) as failed,
      sum(case when ${throttled} then 1 else 0 end) as throttled,
      sum(case when j.from_state = 'failed' and j.to_state = 'claimed' then 1 else 0 end) as retries,
      sum(case when j.to_state = 'failed' or j.from_state = 'failed' then 1 else 0 end) as failure_events,
      max(case when ${throttled} then j.at end) as last_throttled_at
    from journal_events j inner join actions a on a.id = j.action_id
    where j.campaign_id = ${campaignId}
      and ((j.to_state = 'applied' and (j.from_state is null or j.from_state <> 'applied')) or j.to_state = 'failed' or j.from_state = 'failed')
    group by j.campaign_id, a.directory, substr(j.at, 1, 16)`;
}

export async function recountJournalTallies(store: Store, campaignId: string): Promise<JournalTally[]> {
  const rows = await storeCall('tallying the journal', () =>
    sql<
      Record<(typeof tallyColumns)[number], unknown>
    >`select directory, minute, applied, failed, throttled, retries, failure_events, last_throttled_at
      from (${tallySelect(campaignId)}) t order by directory, minute`.execute(store.reader),
  );
  return rows.rows.map(toTally);
}

/** Replaces a campaign's tallies with a recount of its journal, in one write transaction. */
export async function rebuildJournalTallies(store: Store, campaignId: string): Promise<void> {
  await inWriteTransaction(store, `rebuilding the journal tallies of ${campaignId}`, async (trx) => {
    await trx.deleteFrom('journalTallies').where('campaignId', '=', campaignId).execute();
    await sql`insert into journal_tallies (campaign_id, directory, minute, applied, failed, throttled, retries, failure_events, last_throttled_at)
      ${tallySelect(campaignId)}`.execute(trx);
  });
}
