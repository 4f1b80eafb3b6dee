// 0014: a plan version's assignments as rows, and its body without them, so that `run`, `verify`,
// the report and the console read a plan of any size in pages instead of parsing its body.
// - plan_assignments: one row per assignment (the body's `assignments[ordinal]`, as JSON), keyed
//   by version and ordinal; a wave is the range [firstAssignment, firstAssignment + size).
// - plan_version_headers: the body without `assignments` (settings, waves, krbtgt, set-asides,
//   totals), as JSON.
// Both are derived from the body when a version is saved; the body stays the content-addressed
// document an approval names and `plan export` prints. Versions a store already holds are split
// by the database (SQLite's JSON functions; PostgreSQL's `json`, which, unlike `jsonb`, takes
// documents over 255 MB). Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0014(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create table plan_assignments (
        plan_version_id text not null references plan_versions(id),
        ordinal integer not null,
        assignment text not null,
        primary key (plan_version_id, ordinal))`.execute(db);
      await sql`create table plan_version_headers (
        plan_version_id text primary key references plan_versions(id),
        header text not null)`.execute(db);
      if (dialect === 'postgres') {
        await sql`insert into plan_assignments (plan_version_id, ordinal, assignment)
          select v.id, a.n - 1, a.value::text
          from plan_versions v, json_array_elements(v.body::json -> 'assignments') with ordinality as a(value, n)
          where json_typeof(v.body::json -> 'assignments') = 'array'`.execute(db);
        await sql`insert into plan_version_headers (plan_version_id, header)
          select v.id, coalesce((select json_object_agg(e.key, e.value) from json_each(v.body::json) e
                        where e.key <> 'assignments')::text, '{}')
          from plan_versions v where json_typeof(v.body::json) = 'object'`.execute(db);
      } else {
        await sql`insert into plan_assignments (plan_version_id, ordinal, assignment)
          select v.id, cast(a.key as integer), a.value
          from plan_versions v, json_each(v.body, '$.assignments') a
          where json_type(v.body, '$.assignments') = 'array'`.execute(db);
        await sql`insert into plan_version_headers (plan_version_id, header)
          select id, json_remove(body, '$.assignments') from plan_versions
          where json_type(body) = 'object'`.execute(db);
      }
    },
  };
}
