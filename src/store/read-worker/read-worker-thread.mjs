// A store worker's thread (read-worker-driver.ts starts it): its own better-sqlite3 connection to
// the store's file, running the statements it is sent one after the other and posting back their
// rows. better-sqlite3 blocks the thread that runs a statement; here that thread is this one, never
// the console's event loop. WAL lets this connection read while the main one writes: each
// statement is its own transaction and sees every commit made before it started.
// mode 'read': read-only. mode 'bookkeeping': writable, synchronous=NORMAL (a commit is not synced
// to the disk; WAL keeps it consistent, a machine crash may lose the last ones): only for writes
// whose loss is harmless (a session's last use), never the journal or the audit log.
// Plain JavaScript: a worker thread does not inherit tsx's loader, and `npm run build` copies
// files that are not TypeScript to dist/ unchanged.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { path, busyTimeoutMs, mode, cacheKib } = workerData;
// On Linux, this thread lowers its own scheduling priority (nice 10; a thread's id is a pid to
// setpriority): when the cores are busy, the event loop answering requests runs first and the
// long reads take what is left. Elsewhere, or if refused, it keeps the process's priority.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {}
// SAFETY: a read worker is read-only at the driver level: a statement that would write fails
// (SQLITE_READONLY) instead of writing outside the main connection's journaled transactions.
const bookkeeping = mode === 'bookkeeping';
const db = new BetterSqlite3(path, { readonly: !bookkeeping, fileMustExist: true });
db.pragma(`busy_timeout = ${busyTimeoutMs}`);
if (bookkeeping) {
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
} else db.pragma(`cache_size = -${Math.trunc(cacheKib ?? 65536)}`);

/** Prepared statements by SQL text, the oldest dropped beyond this many. */
const kept = 200;
const statements = new Map();

function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (!statement.reader && !bookkeeping)
      throw Object.assign(new Error('the read worker runs only statements that return rows'), {
        code: 'SQLITE_READONLY',
      });
    statements.set(sql, statement);
    if (statements.size > kept) statements.delete(statements.keys().next().value);
  }
  return statement;
}

parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    const statement = prepared(sql);
    if (statement.reader) parentPort.postMessage({ id, rows: statement.all(parameters) });
    else parentPort.postMessage({ id, rows: [], changes: statement.run(parameters).changes });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error?.message ?? String(error), code: error?.code } });
  }
});
