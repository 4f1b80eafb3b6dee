// 0007: the dashboard's journal figures per (campaign, directory, minute), kept in the same
// transaction as every journal entry (src/store/actions/journal-tallies.ts), so the console's
// dashboard reads a few hundred rows instead of scanning millions of journal entries per refresh:
// applied and failed (state changes into applied / failed), throttled (failures with the error
// code DIRECTORY_THROTTLED) and the time of the last one, retries (failed -> claimed), and every
// entry from or into failed (a directory with any shows in the throttling panel). Also an index of
// the failed actions that will be retried, which the dashboard counts.
// Self-contained and frozen once released, like 0001.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0007(dialect: StoreDialect): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create table journal_tallies (
        campaign_id text not null references campaigns(id),
        directory text not null,
        minute text not null,
        applied ${sql.raw(bigint)} not null,
        failed ${sql.raw(bigint)} not null,
        throttled ${sql.raw(bigint)} not null,
        retries ${sql.raw(bigint)} not null,
        failure_events ${sql.raw(bigint)} not null,
        last_throttled_at text,
        primary key (campaign_id, directory, minute))`.execute(db);
      // The dashboard's retries waiting: a count over the few failed-retryable rows (index only),
      // not over every failed row and its table row.
      await sql`create index actions_failed_retryable on actions (campaign_id) where state = 'failed' and failure_retryable = 1`.execute(
        db,
      );
      // A store migrated from before holds a journal: tally it once, inside the migration's
      // transaction (and lock), so the tallies start equal to the journal.
      const throttled = sql`j.to_state = 'failed' and j.details like '%"errorCode":"DIRECTORY_THROTTLED"%'`;
      const changedInto = (state: string) =>
        sql`j.to_state = ${sql.lit(state)} and (j.from_state is null or j.from_state <> j.to_state)`;
      await sql`insert into journal_tallies (campaign_id, directory, minute, applied, failed, throttled, retries, failure_events, last_throttled_at)
        select j.campaign_id, a.directory, substr(j.at, 1, 16),
          sum(case when ${changedInto('applied')} then 1 else 0 end), sum(case when ${changedInto('failed')} then 1 else 0 end),
          sum(case when ${throttled} then 1 else 0 end), sum(case when j.from_state = 'failed' and j.to_state = 'claimed' then 1 else 0 end),
          sum(case when j.to_state = 'failed' or j.from_state = 'failed' then 1 else 0 end), max(case when ${throttled} then j.at end)
        from journal_events j inner join actions a on a.id = j.action_id
        where (j.to_state = 'applied' and (j.from_state is null or j.from_state <> 'applied')) or j.to_state = 'failed' or j.from_state = 'failed'
        group by j.campaign_id, a.directory, substr(j.at, 1, 16)`.execute(db);
    },
  };
}
