// Brings a store's schema up to date under a lock, so two processes opening the same store at
// once never both run a migration. PostgreSQL: Kysely's Migrator takes an advisory lock and runs
// in one transaction. SQLite: Kysely's lock is per connection only, so the whole migration runs
// inside our own BEGIN IMMEDIATE (SQLite DDL is transactional), which other processes wait on.
import { Migrator, sql, type Kysely } from 'kysely';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { StoreDialect } from '../store-dialect.ts';
import { storeMigrations } from './store-migrations.ts';

/** Applies pending migrations; returns the names this call applied (empty when up to date). */
export async function migrateStore(db: Kysely<any>, dialect: StoreDialect): Promise<string[]> {
  const plain = db.withoutPlugins();
  if (dialect === 'postgres') return runMigrator(plain, dialect);
  return plain.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const applied = await runMigrator(conn, dialect);
      await sql`commit`.execute(conn);
      return applied;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

async function runMigrator(db: Kysely<any>, dialect: StoreDialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: storeMigrations(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new ReclaimError(
      'STORE_UNAVAILABLE',
      `The store's schema could not be migrated${failed ? ` (migration ${failed})` : ''}: ${message}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
