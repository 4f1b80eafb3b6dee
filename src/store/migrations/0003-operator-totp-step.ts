// 0003: the last TOTP time step each console operator signed in with, kept in the store so a
// one-time code is accepted once across every `reclaim serve` process and across restarts (it
// was in the memory of one process). Self-contained and frozen once released.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';

export function migration0003(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`alter table operators add column last_totp_step ${sql.raw(dialect === 'postgres' ? 'bigint' : 'integer')}`.execute(
        db,
      );
    },
  };
}
