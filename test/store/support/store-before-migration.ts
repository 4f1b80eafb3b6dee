// A store brought up only to the migrations before `first` (Kysely with CamelCasePlugin, no
// Reclaim store around it), to write data as an older release would have, then open it with
// openStore and check what the later migrations did with that data.
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { storeMigrations } from '../../../src/store/migrations/store-migrations.ts';
import { parseStoreUrl } from '../../../src/store/parse-store-url.ts';

export async function storeBeforeMigration(url: string, first: string): Promise<Kysely<any>> {
  const location = parseStoreUrl(url);
  const db = new Kysely<any>({
    dialect:
      location.dialect === 'sqlite'
        ? new SqliteDialect({ database: new BetterSqlite3(location.path) })
        : new PostgresDialect({ pool: new pg.Pool({ connectionString: location.connectionString, max: 1 }) }),
    plugins: [new CamelCasePlugin()],
  });
  const before = Object.fromEntries(
    Object.entries(await storeMigrations(location.dialect).getMigrations()).filter(([name]) => name < first),
  );
  const migrated = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
  if (migrated.error) {
    await db.destroy();
    throw migrated.error;
  }
  return db;
}

/** A campaign `old` with a plan `old-plan` and the given versions (id, body), written straight into a store from before a migration. */
export async function insertOldPlanVersions(
  db: Kysely<any>,
  versions: Array<[string, unknown]>,
  at: Date,
): Promise<void> {
  await db
    .insertInto('campaigns')
    .values({ id: 'old', name: 'old', createdAt: at.toISOString(), status: 'active', killSwitch: 0 })
    .execute();
  await db
    .insertInto('plans')
    .values({ id: 'old-plan', campaignId: 'old', name: 'old', createdBy: 'alice', createdAt: at.toISOString() })
    .execute();
  await db
    .insertInto('planVersions')
    .values(
      versions.map(([id, body]) => ({
        id,
        planId: 'old-plan',
        parentVersionId: null,
        createdBy: 'alice',
        createdAt: at.toISOString(),
        body: JSON.stringify(body),
      })),
    )
    .execute();
}
