// 0012: what the console reads at a million identities without scanning or parsing.
// - plan_version_waves: the plan body's waves (label, start, deadline, size, manual tasks,
//   forecast) as JSON, written when a version is saved: the status and the wave schedule read it
//   instead of the body, whose assignments are hundreds of MB at that size (parsing them held the
//   console's event loop for seconds). A table of its own, not a column of plan_versions: SQLite
//   reaches a column stored after the body only by walking the body's overflow pages. Versions a
//   store already holds get theirs extracted by the database (SQLite's JSON functions;
//   PostgreSQL's `json`, which, unlike `jsonb`, takes documents over 255 MB).
// - SQLite: identities indexed by snapshot and name without case, so the helpdesk's prefix search
//   (LIKE, which ignores ASCII case) reads a range of that index instead of every identity
//   (https://www.sqlite.org/optoverview.html#the_like_optimization). PostgreSQL's ILIKE cannot use
//   a b-tree; its scan runs in the database, off the console's event loop.
// Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0012(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create table plan_version_waves (
        plan_version_id text primary key references plan_versions(id),
        waves text not null)`.execute(db);
      const waves = dialect === 'postgres' ? sql`(body::json -> 'waves')::text` : sql`json_extract(body, '$.waves')`;
      await sql`insert into plan_version_waves (plan_version_id, waves)
        select id, ${waves} from plan_versions where ${waves} is not null`.execute(db);
      if (dialect === 'sqlite') {
        await sql`create index identities_name_search on identities (snapshot_id, name collate nocase)`.execute(db);
      }
    },
  };
}
