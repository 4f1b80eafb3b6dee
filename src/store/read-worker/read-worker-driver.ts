// A Kysely driver whose queries run in worker threads (read-worker-thread.mjs), each on its own
// read-only connection to a SQLite file: the store's `reader` (open-store.ts). better-sqlite3 is
// synchronous, so a status count or a dashboard aggregate over a million rows run on the main
// connection would hold the event loop, and with it every console request, for as long as it
// scans. Here the loop only waits on a message.
// A worker starts on its first query (a command that never reads through it pays nothing), is
// started again after it dies (the queries then in flight fail), and keeps the process alive only
// while a query is in flight. No transactions: each query is its own read transaction.
import { Worker } from 'node:worker_threads';
import {
  CamelCasePlugin,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Database } from '../database.ts';

/** A SQLite error as the worker saw it: the code (SQLITE_BUSY, SQLITE_READONLY, ...) kept for translateStoreError. */
export class ReadWorkerError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

type Answer = { id: number; rows?: unknown[]; changes?: number; error?: { message: string; code?: string } };
export type StoreWorkerMode = 'read' | 'bookkeeping';

class ReadWorkerConnection implements DatabaseConnection {
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();

  constructor(
    readonly path: string,
    readonly busyTimeoutMs: number,
    readonly mode: StoreWorkerMode,
    readonly cacheKib: number,
  ) {}

  /** queries handed to this connection and not released yet (Kysely acquires, runs, releases) */
  claims = 0;

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./read-worker-thread.mjs', import.meta.url), {
      workerData: { path: this.path, busyTimeoutMs: this.busyTimeoutMs, mode: this.mode, cacheKib: this.cacheKib },
      // The thread is plain JavaScript: none of the parent's preloads (tsx, a test's guard) apply.
      execArgv: [],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    worker.unref();
    worker.on('message', (answer: Answer) => {
      const waiting = this.#pending.get(answer.id);
      this.#pending.delete(answer.id);
      if (this.#pending.size === 0) worker.unref();
      if (!waiting) return;
      if (answer.error) waiting.reject(new ReadWorkerError(answer.error.message, answer.error.code));
      else waiting.resolve(answer);
    });
    const lost = (why: string) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      for (const waiting of this.#pending.values()) waiting.reject(new ReadWorkerError(why, 'SQLITE_CANTOPEN'));
      this.#pending.clear();
    };
    worker.on('error', (error) => lost(`the store's read worker failed: ${error.message}`));
    worker.on('exit', (code) => lost(`the store's read worker exited (code ${code})`));
    this.#worker = worker;
    return worker;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const worker = this.#started();
    this.#next += 1;
    const id = this.#next;
    return new Promise((resolve, reject) => {
      const done = (answer: Answer) =>
        resolve({
          rows: (answer.rows ?? []) as R[],
          ...(answer.changes !== undefined ? { numAffectedRows: BigInt(answer.changes) } : {}),
        });
      this.#pending.set(id, { resolve: done, reject });
      worker.ref();
      worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
    });
  }

  // biome-ignore lint/correctness/useYield: streaming is refused, not implemented
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("the store's reader does not stream: read in pages");
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    for (const waiting of this.#pending.values())
      waiting.reject(new ReadWorkerError('the store was closed', 'SQLITE_CANTOPEN'));
    this.#pending.clear();
    await worker?.terminate();
  }
}

/**
 * Two workers: a quick read (a helpdesk search, a session's campaign list) is not queued behind a
 * dashboard's aggregates; each query goes to the worker with the fewest claimed, counted from its
 * acquisition (not its start), so queries issued together spread over both instead of all
 * finding the first idle.
 */
const readWorkers = 2;

class ReadWorkerDriver implements Driver {
  readonly #connections: ReadWorkerConnection[];

  constructor(path: string, busyTimeoutMs: number, mode: StoreWorkerMode, cacheKib: number) {
    this.#connections = Array.from(
      { length: mode === 'read' ? readWorkers : 1 },
      () => new ReadWorkerConnection(path, busyTimeoutMs, mode, cacheKib),
    );
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = this.#connections.reduce((a, b) => (b.claims < a.claims ? b : a));
    connection.claims += 1;
    return connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error("the store's reader runs no transactions: write through store.db");
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as ReadWorkerConnection).claims -= 1;
  }
  async destroy(): Promise<void> {
    await Promise.all(this.#connections.map((c) => c.close()));
  }
}

/**
 * A Kysely handle on `path` (a SQLite file) whose queries run in worker threads: read-only ones
 * (mode 'read', two threads), or one writable connection for bookkeeping (read-worker-thread.mjs).
 */
export function openReadWorker(
  path: string,
  busyTimeoutMs: number,
  mode: StoreWorkerMode = 'read',
  cacheKib = 65_536,
): Kysely<Database> {
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ReadWorkerDriver(path, busyTimeoutMs, mode, cacheKib),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
  return new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
}
