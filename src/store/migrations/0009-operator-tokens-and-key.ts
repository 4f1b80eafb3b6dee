// 0009: trust boundaries. Short-lived, single-use CLI tokens a signed-in console operator issues to
// prove who runs an approving CLI command (only their SHA-256 hash is kept); and the fingerprint
// of the password key a campaign's resets are derived from, so a worker holding another key refuses
// before it writes. Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0009(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create table operator_tokens (token_hash text primary key, operator_id text not null, issued_at text
not null, expires_at text not null, used_at text, purpose text not null)`.execute(db);
      await sql`alter table campaigns add column password_key_fingerprint text`.execute(db);
    },
  };
}
