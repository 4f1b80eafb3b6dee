// 0005: optional OIDC single sign-on for the console. Per operator, when OIDC sign-in was allowed
// (null: never; accounts are never created from the IdP); per session, how it was opened, so the
// config kill switch ends every OIDC session at once; and the pending sign-ins (state, nonce and
// PKCE verifier) kept in the store, so each is used once across every `reclaim serve` process.
// Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0005(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`alter table operators add column oidc_enabled_at text`.execute(db);
      await sql`alter table sessions add column auth_method text not null default 'password'`.execute(db);
      await sql`create table oidc_flows (state_hash text primary key, nonce text not null, code_verifier text not
null, created_at text not null, expires_at text not null)`.execute(db);
    },
  };
}
