// The console's readiness: createConsoleServer returns (and `reclaim serve` listens) only once the
// status and the dashboard of the open campaigns are in the shared cache, so the first viewers
// after a restart are answered from it. Seen through what is served: figures computed before the
// server was made (an action inserted after it is not in them, their asOf is the start), while a
// closed campaign, or any campaign when warming is off, is counted at its first request. A
// campaign whose figures fail to compute is logged and the console starts anyway.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { createConsoleServer, sessionCookie } from '../../src/server/create-console-server.ts';
import { insertActions } from '../../src/store/actions/insert-actions.ts';
import { createCampaign } from '../../src/store/campaigns/create-campaign.ts';
import { setCampaignStatus } from '../../src/store/campaigns/set-campaign-status.ts';
import { startConsoleFixture, type ConsoleFixture, type Signed } from './support/console-fixture.ts';

// An hour's freshness: what was computed at the start is what these tests are served.
const hour = 3_600_000;
let f: ConsoleFixture;
before(async () => {
  f = await startConsoleFixture({ statusMaxAgeMs: hour });
});
after(async () => f.close());

const anAction = (campaignId: string, key: string) => ({
  campaignId,
  directory: 'cloud',
  identityKey: key,
  identityName: key,
  kind: 'requireChange',
  idempotencyKey: `${campaignId}/cloud/${key}/requireChange`,
});

async function read(server: typeof f.server, signed: Signed, campaignId: string, page: 'status' | 'dashboard') {
  const response = await server.inject({
    method: 'GET',
    url: `/api/campaigns/${campaignId}/${page}`,
    cookies: { [sessionCookie]: signed.cookie },
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as {
    asOf: string;
    totals?: Record<string, number>;
    waves?: unknown[];
    helpdesk?: { verifications: number };
  };
}

test("the open campaigns' status and dashboard are computed before the server is returned", async () => {
  const startedAt = f.clock.at.toISOString();
  const store = await f.app.store();
  await insertActions(store, [anAction(f.campaignId, 'u-1')], f.clock.at);
  const viewer = await f.as('viewer');
  const status = await read(f.server, viewer, f.campaignId, 'status');
  assert.equal(status.asOf, startedAt, 'computed when the console started, before the first request');
  assert.equal(status.totals?.planned, 0, 'the action inserted after the start is not in the figures yet');
  const dashboard = await read(f.server, viewer, f.campaignId, 'dashboard');
  assert.equal(dashboard.asOf, startedAt);
});

test('a completed campaign, or every campaign with warmCampaigns 0, is counted at its first request', async () => {
  const store = await f.app.store();
  const open = await createCampaign(store, { name: 'open', createdBy: 'alice', now: f.clock.at });
  const done = await createCampaign(store, { name: 'done', createdBy: 'alice', now: f.clock.at });
  await setCampaignStatus(store, { campaignId: done.id, status: 'active', now: f.clock.at });
  await setCampaignStatus(store, { campaignId: done.id, status: 'completed', now: f.clock.at });
  const warming = await createConsoleServer({ app: f.app, statusMaxAgeMs: hour });
  const cold = await createConsoleServer({ app: f.app, statusMaxAgeMs: hour, warmCampaigns: 0 });
  try {
    await insertActions(store, [anAction(open.id, 'u-1'), anAction(done.id, 'u-1')], f.clock.at);
    const viewer = await f.as('viewer');
    const planned = async (server: typeof f.server, id: string) =>
      (await read(server, viewer, id, 'status')).totals?.planned;
    assert.equal(await planned(warming, open.id), 0, 'the open campaign: computed at the start');
    assert.equal(await planned(warming, done.id), 1, 'the completed one: at its first request');
    assert.equal(await planned(cold, open.id), 1, 'nothing computed ahead with warmCampaigns: 0');
  } finally {
    await warming.close();
    await cold.close();
  }
});

test('a campaign whose figures fail to compute at the start is logged, and the console starts and serves', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  );
  const store = await f.app.store();
  // The status reads helpdesk_verifications; signing in does not. Without it, computing fails.
  await sql`alter table helpdesk_verifications rename to helpdesk_verifications_away`.execute(store.db);
  let server: typeof f.server;
  try {
    server = await createConsoleServer({ app: f.app, statusMaxAgeMs: hour, logger });
  } finally {
    await sql`alter table helpdesk_verifications_away rename to helpdesk_verifications`.execute(store.db);
  }
  try {
    const failed = lines.filter((l) =>
      String(l.msg).startsWith("computing a campaign's figures before listening failed"),
    );
    assert.ok(
      failed.some((l) => l.campaignId === f.campaignId && l.code === 'UNEXPECTED' && l.level === 40),
      JSON.stringify(lines),
    );
    const viewer = await f.as('viewer');
    const status = await read(server, viewer, f.campaignId, 'status');
    assert.equal(status.asOf, f.clock.at.toISOString(), 'computed by its first viewer instead');
    assert.equal(status.helpdesk?.verifications, 0);
  } finally {
    await server.close();
  }
});
