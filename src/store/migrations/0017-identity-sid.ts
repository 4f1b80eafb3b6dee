// 0017: what `reclaim discover` needs to hold nothing per person.
// - identities.sid: an AD identity's objectSid, upper-cased, indexed by snapshot, so an Entra
//   user's onPremisesSecurityIdentifier finds its AD object in the store instead of in a map of
//   every AD account (its objectGUID is already the identity's key). Written for snapshots stored
//   from this version on; discovery reads it only for the snapshots of its own run, so rows
//   stored before are left as they are (no rewrite of every identity).
// - discovery_scratch: per-person report entries (Entra's registration details and last sign-ins)
//   spilled while they are read and joined to the user pages by id; rows of a snapshot are deleted
//   when its discovery ends, and with the snapshot (a failed discovery discards it).
// Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0017(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`alter table identities add column sid text`.execute(db);
      await sql`create index identities_sid on identities (snapshot_id, sid)`.execute(db);
      const bigint = sql.raw(dialect === 'postgres' ? 'bigint' : 'integer');
      await sql`create table discovery_scratch (
        snapshot_id ${bigint} not null references snapshots(id) on delete cascade,
        report text not null,
        entry_key text not null,
        value text not null,
        primary key (snapshot_id, report, entry_key))`.execute(db);
    },
  };
}
