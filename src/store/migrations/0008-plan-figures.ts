// 0008: the console dashboard's figures of each plan version (src/store/plans/plan-figures.ts),
// written when a version is saved so that no dashboard refresh reads or parses a plan body: per
// wave its number, start, forecast of helpdesk calls and count of helpdesk-treated people, and
// those people (primary key: version, directory, key; the dashboard looks verified people up in
// it). A store migrated from before gets the figures of the versions it holds, computed from
// their bodies inside the migration's transaction (and lock). It uses the shared computation,
// which is part of the plan format's meaning: a version saved after has the same figures.
import { sql, type Kysely, type Migration } from 'kysely';
import { planFiguresOfBody, writePlanFigures } from '../plans/plan-figures.ts';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0008(dialect: StoreDialect): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  // a forecast of calls is a fraction (0.7 calls): PostgreSQL refuses it in an integer column
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create table plan_wave_figures (
        plan_version_id text not null references plan_versions(id),
        number integer not null,
        start_at text not null,
        expected_calls ${sql.raw(real)},
        helpdesk_people ${sql.raw(bigint)} not null,
        primary key (plan_version_id, number))`.execute(db);
      await sql`create table plan_helpdesk_people (
        plan_version_id text not null references plan_versions(id),
        directory text not null,
        identity_key text not null,
        wave_number integer not null,
        primary key (plan_version_id, directory, identity_key))`.execute(db);
      const versions = await sql<{ id: string }>`select id from plan_versions order by id`.execute(db);
      for (const { id } of versions.rows) {
        const row = await sql<{ body: string }>`select body from plan_versions where id = ${id}`.execute(db);
        await writePlanFigures(db, dialect, id, planFiguresOfBody(JSON.parse(row.rows[0]!.body)));
      }
    },
  };
}
