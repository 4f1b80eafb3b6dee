// 0018: what planning asks about synced links, answered by the database page by page instead of a
// map of every synced user held in memory (issue 17).
// - identities.linked_directory: for a synced Entra user tied to one AD object, that object's
//   directory (its key follows `directory:` in linked_key); null for everyone else, AD identities
//   included. Indexed with linked_key, partially (synced Entra users only): the Entra users of one
//   page of AD objects, and the AD objects claimed twice, are reads of that index.
// - identities.link_ambiguous: 1 for a synced Entra user whose anchors name two AD objects
//   (its candidates are in `data`); a partial index lists those few per snapshot.
// Identities a store already holds get both from their `data` (SQLite's JSON functions;
// PostgreSQL's `json`, which, unlike `jsonb`, takes any size). Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0018(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`alter table identities add column linked_directory text`.execute(db);
      await sql`alter table identities add column link_ambiguous integer not null default 0
        check (link_ambiguous in (0, 1))`.execute(db);
      const linkedDirectory =
        dialect === 'postgres'
          ? sql`data::json -> 'linkedTo' ->> 'directory'`
          : sql`json_extract(data, '$.linkedTo.directory')`;
      const ambiguous =
        dialect === 'postgres'
          ? sql`json_typeof(data::json -> 'linkAmbiguous') = 'object'`
          : sql`json_type(data, '$.linkAmbiguous') = 'object'`;
      await sql`update identities set link_ambiguous = 1 where kind = 'entra' and ${ambiguous}`.execute(db);
      await sql`update identities set linked_directory = ${linkedDirectory}
        where kind = 'entra' and linked_key is not null and link_ambiguous = 0`.execute(db);
      await sql`create index identities_linked on identities (snapshot_id, linked_key)
        where linked_directory is not null`.execute(db);
      await sql`create index identities_link_ambiguous on identities (snapshot_id, key)
        where link_ambiguous = 1`.execute(db);
    },
  };
}
