// A store outage while a report or a status is read fails it, naming what was being read: it never
// turns into a report without a plan or readiness section (the plan and the identities were read
// with `.catch(() => null)`). On the lab PostgreSQL through a relay that drops the connection of
// exactly the queries that read one table; a campaign that has no plan yet still reports one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { campaignReport } from '../../../src/app/campaign/campaign-report.ts';
import { campaignStatus } from '../../../src/app/campaign/campaign-status.ts';
import { makePlan } from '../../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { collectReportData } from '../../../src/app/reports/collect-report-data.ts';
import { exitCodeFor } from '../../../src/cli/exit-codes.ts';
import type { Identity } from '../../../src/core/identity.ts';
import { finishSnapshot } from '../../../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import { startCuttableProxy, type CuttableProxy } from '../../e2e/support/cuttable-proxy.ts';
import { proven } from '../../support/proven-operator.ts';
import { freshPostgresDatabases } from '../../support/fresh-postgres-database.ts';

const answers = {
  indicators: { adDatabaseStaged: { answer: true, evidence: 'ntds.dit copied from DC01' } },
  knownCompromisedAccounts: [],
};
let proxy: CuttableProxy;
let app: App;
let dir: string;
let planned: string;
let unplanned: string;
// registered before the helper's own after hook, so the store closes before its database is dropped
after(async () => {
  await app?.close();
  await proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const freshPostgres = freshPostgresDatabases('outage');

function person(i: number): Identity {
  return {
    directory: 'cloud',
    kind: 'entra',
    key: `u-${i}`,
    name: `person${i}`,
    accountType: 'user',
    enabled: true,
    passwordNeverExpires: false,
    smartcardRequired: false,
    cannotChangePassword: false,
    passwordLastSetAt: '2026-01-01T00:00:00.000Z',
    mustChangePassword: false,
    memberOf: [],
    servicePrincipalNames: [],
    attributes: {},
    department: i % 2 ? 'Sales' : 'Finance',
    privileged: [],
  };
}

async function discovered(campaignId: string): Promise<void> {
  const store = await app.store();
  const snapshotId = await startSnapshot(store, { directory: 'cloud', campaignId, now: app.clock.now() });
  await insertIdentities(
    store,
    snapshotId,
    Array.from({ length: 6 }, (_, i) => person(i)),
  );
  await finishSnapshot(store, { snapshotId, now: app.clock.now() });
}

before(async () => {
  const url = new URL(await freshPostgres());
  proxy = await startCuttableProxy({ host: url.hostname, port: Number(url.port) });
  dir = mkdtempSync(join(tmpdir(), 'reclaim-outage-'));
  writeFileSync(join(dir, 'key'), 'outage-test-key-0123456789abcdef', { mode: 0o600 });
  writeFileSync(
    join(dir, 'reclaim.yaml'),
    [
      'campaign: { name: "outage test" }',
      `store: { url: "${Object.assign(new URL(url), { port: String(proxy.port) }).toString()}" }`,
      'directories:',
      '  - { id: cloud, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
        '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_TEST_UNUSED" }',
      `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
    ].join('\n'),
  );
  app = createApp({ configFile: join(dir, 'reclaim.yaml'), operator: 'alice' });
  planned = (await recordTriage(app, { answers })).campaignId;
  await discovered(planned);
  await makePlan(await proven(app, 'alice'), { campaignId: planned });
  unplanned = (await recordTriage(app, { answers, newCampaign: true })).campaignId;
});

/** Runs `read` while the queries naming `table` meet a dropped connection. */
async function duringOutageOf<T>(table: string, read: () => Promise<T>): Promise<T> {
  proxy.cutWhenClientSends(`"${table}"`);
  try {
    return await read();
  } finally {
    proxy.cutWhenClientSends(undefined);
  }
}

const unavailable = (doing: string) => (error: unknown) => {
  const e = error as { code?: string; message?: string };
  assert.equal(e.code, 'STORE_UNAVAILABLE', String(e.message));
  assert.match(String(e.message), new RegExp(doing));
  assert.equal(exitCodeFor('STORE_UNAVAILABLE'), 5, 'an unavailable dependency: exit 5');
  return true;
};

describe('a store outage while reporting', () => {
  it('with the store up, the report has its plan and readiness sections (the baseline)', async () => {
    const data = await collectReportData(app, { campaignId: planned });
    assert.ok(data.plan && data.plan.totals.inWaves > 0);
    assert.ok((await campaignReport(app, { campaignId: planned })).identities);
    assert.ok((await campaignStatus(app, { campaignId: planned })).plan);
  });

  it('fails the report, the summary and the status when the plan cannot be read', async () => {
    const before = proxy.markerCuts;
    await assert.rejects(
      duringOutageOf('plan_versions', () => collectReportData(app, { campaignId: planned })),
      unavailable('reading the plan'),
    );
    await assert.rejects(
      duringOutageOf('plan_versions', () => campaignReport(app, { campaignId: planned })),
      unavailable('reading the plan'),
    );
    await assert.rejects(
      duringOutageOf('plan_versions', () => campaignStatus(app, { campaignId: planned })),
      unavailable('reading the plan'),
    );
    assert.ok(proxy.markerCuts >= before + 3, 'the relay dropped the plan reads');
  });

  it('fails the report when the identities behind its readiness section cannot be read', async () => {
    await assert.rejects(
      duringOutageOf('identities', () => collectReportData(app, { campaignId: planned })),
      unavailable('reading identities'),
    );
  });

  it('after the outage the same report is whole again, and a campaign with no plan yet reports without one', async () => {
    const data = await collectReportData(app, { campaignId: planned });
    assert.ok(data.plan);
    const empty = await collectReportData(app, { campaignId: unplanned });
    assert.equal(empty.plan, null);
    assert.deepEqual(empty.readiness, []);
    assert.equal((await campaignStatus(app, { campaignId: unplanned })).plan, null);
  });
});
