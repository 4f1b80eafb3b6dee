// 0013: indexes for what the console recounts on every refresh at a million identities.
// - actions_failed_cause: the failed actions by campaign, error code, directory and whether they
//   will be retried: the status's failures grouped by cause become an index-only scan of the
//   failed ones (at 1M actions and 100,000 failed, 20 ms instead of 130-210 ms of table reads).
//   The message is left out: it has no length bound, and PostgreSQL refuses an index row over 2.7 kB.
// - actions_failed_minute: the failed actions by the minute of their last update, the dashboard's
//   failures over time (an expression index: the query groups by the same `substr`).
// - audit_log_action_target: the audit entries of one action on one target (the wave schedule's
//   run starts, the last verification) without reading the whole log.
// The partial indexes' condition is a literal: queries name the state as a literal too, so both
// planners use them (as 0001's actions_retry_due). Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0013(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create index actions_failed_cause on actions
        (campaign_id, last_error_code, directory, failure_retryable) where state = 'failed'`.execute(db);
      await sql`create index actions_failed_minute on actions
        (campaign_id, (substr(updated_at, 1, 16))) where state = 'failed'`.execute(db);
      await sql`create index audit_log_action_target on audit_log (action, target, seq)`.execute(db);
    },
  };
}
