// 0002: counters of actions per (campaign, wave, state), kept in the same transaction as every
// change of an action's state (src/store/actions/action-counters.ts), so the status view reads a
// few dozen rows instead of grouping a million actions on every call. Self-contained and frozen
// once released, like 0001.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0002(dialect: StoreDialect): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>): Promise<void> {
      // wave_key: the wave's id, or 0 for actions outside any wave (ids start at 1 on both
      // dialects), because a primary key column cannot be null and the upsert needs one.
      await sql`create table action_counts (
        campaign_id text not null references campaigns(id),
        wave_key ${sql.raw(bigint)} not null,
        state text not null check (state in ('planned','claimed','applied','verified','failed','skipped')),
        count ${sql.raw(bigint)} not null,
        primary key (campaign_id, wave_key, state))`.execute(db);
      // A store migrated from 0001 already holds actions: count them once, inside the migration's
      // transaction (and lock), so the counters start equal to the table.
      await sql`insert into action_counts (campaign_id, wave_key, state, count)
        select campaign_id, coalesce(wave_id, 0), state, count(*) from actions group by campaign_id, coalesce(wave_id, 0), state`.execute(
        db,
      );
    },
  };
}
