// 0016: the scratch rows of a planning run (issue 17): `reclaim plan` keeps the assignments it is
// planning here instead of in memory (store/plans/store-plan-spill.ts), then saves the plan and
// deletes them. A run that crashed leaves its rows; the next run deletes those of any run whose
// heartbeat is old.
// - plan_spill_runs: one row per planning run, with its last heartbeat.
// - plan_spill: one row per assignment: its run, bucket (tier, group key) and order of arrival,
//   and the assignment as JSON; the primary key reads a bucket's members in order, in pages.
// Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0016(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create table plan_spill_runs (
        run_id text primary key,
        beat_at text not null)`.execute(db);
      await sql`create table plan_spill (
        run_id text not null,
        tier integer not null,
        group_key text not null,
        seq integer not null,
        assignment text not null,
        primary key (run_id, tier, group_key, seq))`.execute(db);
    },
  };
}
