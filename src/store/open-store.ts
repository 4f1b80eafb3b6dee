// Opens the store named by a URL, migrates it to the latest schema (under a lock) and returns the
// typed Kysely handle. SQLite by default; PostgreSQL when several processes share one campaign.
import { existsSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { CustomTypesConfig } from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import type { Secret } from '../core/secret.ts';
import type { Database } from './database.ts';
import { migrateStore } from './migrations/migrate-store.ts';
import { parseStoreUrl, redactStoreUrl } from './parse-store-url.ts';
import { openReadWorker } from './read-worker/read-worker-driver.ts';
import type { StoreDialect } from './store-dialect.ts';
import { translateStoreError } from './store-error.ts';

export interface Store {
  readonly db: Kysely<Database>;
  /**
   * For reads that may scan many rows (status counts, dashboard aggregates, searches): on a SQLite
   * file, a worker thread with its own read-only connection (read-worker/), so the scan never holds
   * the event loop; elsewhere (PostgreSQL's driver is asynchronous; an in-memory SQLite has no
   * second connection) `db` itself. It sees what `db` committed, not a transaction still open on
   * `db`, and it never writes.
   */
  readonly reader: Kysely<Database>;
  /**
   * For bookkeeping writes whose loss in a machine crash is harmless (a console session's last
   * use), never the journal, the audit log or a state change: on a SQLite file, a writable
   * connection in a worker thread committing without a sync to the disk (synchronous=NORMAL), so
   * neither the write nor a slow fsync holds the event loop; elsewhere `db` itself.
   */
  readonly bookkeeping: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** the URL with any password redacted */
  readonly url: string;
  /** the migrations this open applied (empty when the schema was already current) */
  readonly migrationsApplied: readonly string[];
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL pool size (default 10) */
  poolSize?: number;
  /** how long a SQLite writer waits for another process's lock, in ms (default 10000) */
  busyTimeoutMs?: number;
  /** the PostgreSQL password (config `store.password`); never part of the URL */
  password?: Secret | undefined;
  /** a SQLite file must already exist (read-only and campaign commands never create an empty store) */
  mustExist?: boolean;
  /** a SQLite store's page cache per connection, in MiB (config `store.sqliteCacheMb`, default 64) */
  sqliteCacheMb?: number | undefined;
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseStoreUrl(url);
  const shown = redactStoreUrl(url);
  // SAFETY: a password written in the URL sits in a config file that is reviewed, committed and
  // pasted into tickets; it comes only from a secret reference (store.password: env:/file:).
  if (location.dialect === 'postgres' && new URL(location.connectionString).password !== '') {
    throw new ReclaimError(
      'CONFIG_INVALID',
      `Store URL ${shown} carries a password: remove it and give it as store.password (env:NAME or file:PATH)`,
    );
  }
  if (location.dialect === 'sqlite' && options.password)
    throw new ReclaimError('CONFIG_INVALID', `Store URL ${shown}: a password is given but a SQLite store takes none`);
  if (
    location.dialect === 'sqlite' &&
    options.mustExist &&
    location.path !== ':memory:' &&
    !existsSync(location.path)
  ) {
    throw new ReclaimError(
      'NOT_FOUND',
      `No store at ${location.path}: start a campaign with \`reclaim triage\` (or check store.url and -c)`,
    );
  }
  // Each driver is imported only for its own dialect: the CLI starts faster (bench/cli-start.ts).
  const db =
    location.dialect === 'sqlite'
      ? await openSqlite(location.path, shown, options)
      : await openPostgres(location.connectionString, options);
  try {
    const migrationsApplied = await migrateStore(db, location.dialect);
    const file = location.dialect === 'sqlite' && location.path !== ':memory:' ? location.path : undefined;
    const reader = file ? openReadWorker(file, busyTimeoutMs(options), 'read', cacheKib(options)) : db;
    const bookkeeping = file ? openReadWorker(file, busyTimeoutMs(options), 'bookkeeping') : db;
    const close = async () => {
      if (reader !== db) await reader.destroy();
      if (bookkeeping !== db) await bookkeeping.destroy();
      await db.destroy();
    };
    return { db, reader, bookkeeping, dialect: location.dialect, url: shown, migrationsApplied, close };
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const translated = translateStoreError(error, `opening the store ${shown}`);
    throw translated.where
      ? translated
      : new ReclaimError(translated.code, translated.message, { cause: error, where: shown });
  }
}

const cacheKib = (options: OpenStoreOptions) => Math.trunc((options.sqliteCacheMb ?? 64) * 1024);
const busyTimeoutMs = (options: OpenStoreOptions) => Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000));

async function openSqlite(path: string, shown: string, options: OpenStoreOptions): Promise<Kysely<Database>> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path);
    // the first statement reads the file: a file that is not a SQLite database fails here (SQLITE_NOTADB)
    if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ReclaimError('STORE_UNAVAILABLE', `The SQLite store ${shown} could not be opened: ${why}`, {
      cause: error,
      where: shown,
    });
  }
  // SAFETY: the journal entry written before a directory write must survive a crash of the
  // machine, not only of the process, so commits are synced (FULL, not WAL's usual NORMAL).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs(options)}`);
  sqlite.pragma('foreign_keys = ON');
  // A 64 MiB page cache (SQLite's default is 2 MiB): a million identities or actions with their
  // indexes otherwise thrash it during bulk inserts and the status counts. It fills as the store
  // grows, up to this bound; store.sqliteCacheMb sets it for a machine short of memory.
  sqlite.pragma(`cache_size = -${cacheKib(options)}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
}

async function openPostgres(connectionString: string, options: OpenStoreOptions): Promise<Kysely<Database>> {
  const { default: pg } = await import('pg');
  // bigint (int8: ids, counts) arrives as a JS number: ids and counts stay far below 2^53.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({
    connectionString: withPassword(connectionString, options.password),
    max: options.poolSize ?? 10,
    types: types as CustomTypesConfig,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // A client checked out of the pool but between queries when its server connection dies emits
  // 'error' with no pool listener attached: without this, that would be an uncaught exception.
  // The failure still reaches the caller as the rejection of its next query (STORE_UNAVAILABLE).
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

/**
 * pg lets a connection string override a separate `password` option (an absent password parses
 * as ''), so the password goes into the in-memory URL, percent-encoded the way pg decodes it.
 * The URL shown in messages stays the configured one, which has none.
 */
function withPassword(connectionString: string, password: Secret | undefined): string {
  if (!password) return connectionString;
  const url = new URL(connectionString);
  url.password = encodeURIComponent(password.reveal());
  return url.href;
}
