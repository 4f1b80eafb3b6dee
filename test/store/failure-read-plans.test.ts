// What SQLite does for the console's per-refresh reads of failures and audit entries (migration
// 0013): the statements the store functions send, taken from a logging handle on the same file,
// are explained (EXPLAIN QUERY PLAN) and must go through their index: never a scan of the actions
// table or the audit log, never a sort of the rows read. A query whose shape stops matching its
// index (another expression than the index's, a grouping the index does not order) fails here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { failedActionsByMinute } from '../../src/store/actions/failed-actions-by-minute.ts';
import { failuresByCause } from '../../src/store/actions/failures-by-cause.ts';
import { auditEntriesFor, latestAuditEntryFor } from '../../src/store/audit/audit-entries-for.ts';
import type { Database } from '../../src/store/database.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { aCampaignWithFailures } from '../contracts/store/failure-reads-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-plans-'));
const file = join(dir, 'store.sqlite');
let store: Store;
let raw: BetterSqlite3.Database;
let logged: Kysely<Database>;
const sent: CompiledQuery[] = [];

before(async () => {
  store = await openStore(`sqlite:${file}`);
  raw = new BetterSqlite3(file, { readonly: true });
  logged = new Kysely<Database>({
    dialect: new SqliteDialect({ database: raw }),
    plugins: [new CamelCasePlugin()],
    log: (event) => {
      if (event.level === 'query') sent.push(event.query);
    },
  });
});
after(async () => {
  await logged.destroy();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The plan lines of each statement `read` sends through the logging handle. */
async function plansOf(read: (s: Store) => Promise<unknown>): Promise<Array<{ sql: string; plan: string[] }>> {
  sent.length = 0;
  await read({ ...store, db: logged, reader: logged });
  return sent.map((q) => ({
    sql: q.sql,
    plan: (
      raw.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{ detail: string }>
    ).map((r) => r.detail),
  }));
}

function assertIndexOnly(read: { sql: string; plan: string[] }, index: string): void {
  const text = `${read.sql}\n${read.plan.join('\n')}`;
  assert.ok(
    read.plan.some((line) => line.includes(`INDEX ${index} `)),
    `reads through ${index}:\n${text}`,
  );
  assert.ok(!read.plan.some((line) => /^SCAN (actions|audit_log)\b/.test(line)), `no table scan:\n${text}`);
  assert.ok(!read.plan.some((line) => line.includes('TEMP B-TREE')), `no sort of the rows read:\n${text}`);
}

test('the failures by cause read actions_failed_cause, then one action per cause for its message', async () => {
  const campaignId = await aCampaignWithFailures(store, [
    {
      directory: 'corp-ad',
      failure: { code: 'DIRECTORY_THROTTLED', message: 'slow down', retryable: true },
      second: 60,
    },
    { directory: 'corp-ad', failure: null, second: 61 },
  ]);
  const [groups, messages, ...more] = await plansOf((s) => failuresByCause(s, campaignId));
  assert.deepEqual(more, []);
  assertIndexOnly(groups!, 'actions_failed_cause');
  assert.ok(
    messages!.plan.some((line) => /SEARCH actions USING INTEGER PRIMARY KEY/.test(line)),
    messages!.plan.join('\n'),
  );
});

test('the failed actions by minute read actions_failed_minute, grouped in its order', async () => {
  const campaignId = await aCampaignWithFailures(store, [
    { directory: 'corp-ad', failure: { code: 'INSUFFICIENT_RIGHTS', message: 'no', retryable: false }, second: 60 },
  ]);
  const [byMinute, ...more] = await plansOf((s) => failedActionsByMinute(s, campaignId));
  assert.deepEqual(more, []);
  assertIndexOnly(byMinute!, 'actions_failed_minute');
});

test("one action's audit entries on one target read audit_log_action_target", async () => {
  const target = { action: 'run.start', target: 'campaign:c-1' };
  const reads = [
    ...(await plansOf((s) => auditEntriesFor(s, target))),
    ...(await plansOf((s) => latestAuditEntryFor(s, target))),
  ];
  assert.equal(reads.length, 2);
  for (const read of reads) assertIndexOnly(read, 'audit_log_action_target');
});
