// 0011: failed sign-ins counted per (name, address) instead of per account, so nobody can lock an
// operator out from another address, and an unknown name is counted like a known one (no username
// enumeration). The name is kept only as a SHA-256 key. Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0011(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create table login_failures (name_key text not null, address text not null, failures integer not null,
lock_level integer not null, locked_until text, updated_at text not null, primary key (name_key, address))`.execute(db);
    },
  };
}
