// The dashboard API on a real SQLite store: a plan with one started wave and its forecast, actions
// that went through a throttled attempt and a retry, a helpdesk verification and a TAP issued
// through the API, a verification run; every figure is checked against what was done, and the
// whole answer against the dashboard recomputed from the journal and the plan body.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { campaignStatus } from '../../src/app/campaign/campaign-status.ts';
import { campaignDashboard } from '../../src/app/console/campaign-dashboard.ts';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { claimActions } from '../../src/store/actions/claim-actions.ts';
import { insertActions } from '../../src/store/actions/insert-actions.ts';
import { transitionAction } from '../../src/store/actions/transition-action.ts';
import { appendAudit } from '../../src/store/audit/append-audit.ts';
import { recordVerification } from '../../src/store/helpdesk/record-verification.ts';
import { insertWaves } from '../../src/store/plans/insert-waves.ts';
import { recordApproval } from '../../src/store/plans/record-approval.ts';
import { savePlanVersion } from '../../src/store/plans/save-plan-version.ts';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

let f: ConsoleFixture;
before(async () => {
  f = await startConsoleFixture();
});
after(async () => f.close());

test('dashboard: progress over time, wave forecast versus actual calls, throttling, missed accounts, helpdesk queue', async () => {
  const store = await f.app.store();
  const campaignId = f.campaignId;
  const start = f.clock.at.getTime();
  const t = (minutes: number) => new Date(start + minutes * 60_000);
  // A newer plan version: wave 1 started an hour ago, two people treated through the helpdesk, 5 calls forecast.
  const body = {
    waves: [
      {
        number: 1,
        label: 'Wave 1',
        startAt: t(-60).toISOString(),
        deadlineAt: t(600).toISOString(),
        firstAssignment: 0,
        size: 2,
        forecast: { expectedCalls: 5 },
      },
    ],
    assignments: [
      { directory: 'cloud', key: 'u-1', name: 'jdoe', treatment: 'helpdeskReset' },
      { directory: 'cloud', key: 'u-3', name: 'jsmith', treatment: 'helpdeskReset' },
    ],
  };
  const { versionId } = await savePlanVersion(store, {
    planId: 'plan-1',
    campaignId,
    name: 'plan',
    body,
    createdBy: 'alice',
    now: t(1),
  });
  const [waveId] = await insertWaves(store, versionId, [
    { ordinal: 1, name: 'Wave 1', startsAt: t(-60), deadlineAt: t(600), size: 2 },
  ]);
  // approved by a second operator: the helpdesk's writes go through the campaign's guardrails
  await recordApproval(store, { planVersionId: versionId, approver: 'bob', now: t(1) });
  await insertActions(
    store,
    ['u-1', 'u-3'].map((key) => ({
      campaignId,
      waveId: waveId!,
      directory: 'cloud',
      identityKey: key,
      identityName: key,
      kind: 'resetPassword',
      idempotencyKey: `${campaignId}/${key}`,
    })),
    t(1),
  );
  // u-1: throttled once, retried, applied; u-3: applied.
  for (const action of await claimActions(store, { campaignId, owner: 'w', limit: 10, leaseMs: 60_000, now: t(2) })) {
    await transitionAction(store, {
      id: action.id,
      owner: 'w',
      from: 'claimed',
      to: 'claimed',
      event: 'apply-start',
      now: t(2),
    });
    if (action.identityKey === 'u-1')
      await transitionAction(store, {
        id: action.id,
        owner: 'w',
        from: 'claimed',
        to: 'failed',
        event: 'apply-failed',
        error: { code: 'DIRECTORY_THROTTLED', message: 'slow down' },
        nextAttemptAt: t(3),
        now: t(2),
      });
    else
      await transitionAction(store, {
        id: action.id,
        owner: 'w',
        from: 'claimed',
        to: 'applied',
        event: 'apply-ok',
        now: t(2),
      });
  }
  const [retry] = await claimActions(store, { campaignId, owner: 'w', limit: 10, leaseMs: 60_000, now: t(4) });
  assert.equal(retry?.claimedFrom, 'failed');
  await transitionAction(store, {
    id: retry!.id,
    owner: 'w',
    from: 'claimed',
    to: 'applied',
    event: 'apply-ok',
    now: t(4),
  });
  await appendAudit(store, {
    actor: 'alice',
    action: 'verify',
    target: `campaign:${campaignId}`,
    source: 'cli',
    now: t(5),
    details: { checked: 2, changed: 0, missed: 2 },
  });

  // The helpdesk verifies jdoe and issues a TAP through the API.
  const helpdesk = await f.as('helpdesk');
  const post = (url: string, payload: object) =>
    f.server.inject({
      method: 'POST',
      url,
      cookies: { [sessionCookie]: helpdesk.cookie },
      headers: { 'x-csrf-token': helpdesk.csrf },
      payload,
    });
  const verified = await post(`/api/campaigns/${campaignId}/verifications`, {
    directory: 'cloud',
    identityKey: 'u-1',
    method: 'video',
    evidence: 'video call, badge shown and matched',
    outcome: 'verified',
  });
  assert.equal(verified.statusCode, 200, verified.body);
  const tap = await post(`/api/campaigns/${campaignId}/credentials`, {
    directory: 'cloud',
    identityKey: 'u-1',
    kind: 'tap',
  });
  assert.equal(tap.statusCode, 200, tap.body);

  const viewer = await f.as('viewer');
  const response = await f.server.inject({
    method: 'GET',
    url: `/api/campaigns/${campaignId}/dashboard`,
    cookies: { [sessionCookie]: viewer.cookie },
  });
  assert.equal(response.statusCode, 200, response.body);
  const d = response.json() as Record<string, any>;
  // the helpdesk's TAP is a journaled write like the wave's two (directory-door.ts)
  assert.deepEqual(d.progress.at(-1), { at: `${t(4).toISOString().slice(0, 16)}Z`, applied: 3, failed: 0 });
  // Failed ACTIONS over time, as the status counts them: u-1's throttled failure was retried and
  // applied, so no action stands failed (the journal holds one failure entry, the chart none).
  assert.equal(
    d.progress.reduce((n: number, p: { failed: number }) => n + p.failed, 0),
    0,
    'no failed action over time',
  );
  assert.deepEqual(d.waves, [
    {
      number: 1,
      name: 'Wave 1',
      startsAt: t(-60).toISOString(),
      deadlineAt: t(600).toISOString(),
      actions: 2,
      done: 2,
      failed: 0,
      expectedCalls: 5,
      actualCalls: 1,
    },
  ]);
  assert.deepEqual(d.throttling, {
    throttled: 1,
    retries: 1,
    waitingRetry: 0,
    lastThrottledAt: t(2).toISOString(),
    byDirectory: { cloud: { throttled: 1, retries: 1 } },
  });
  assert.deepEqual(d.helpdesk, {
    queueDepth: 1,
    verifications: 1,
    verified: 1,
    credentialsIssued: 1,
    expectedCalls: 5,
    actualCalls: 1,
  });
  assert.equal(d.missed.missed, 2);
  assert.deepEqual(
    d.missed.accounts.map((a: { identity: string; state: string }) => [a.identity, a.state]),
    [
      ['u-1', 'applied'],
      ['u-3', 'applied'],
    ],
  );
  // Served from the journal tallies and the plan figures stored with the version: the same as everything
  // recomputed from the journal and the plan body.
  const { asOf: _asOf, servedAt: _servedAt, ...served } = d;
  assert.deepEqual(served, await campaignDashboard(f.app, { campaignId, recount: true }));
  // A second call to jsmith (refused), after the first dashboard: counted in the wave's calls, not verified.
  await recordVerification(store, {
    campaignId,
    directory: 'cloud',
    identityKey: 'u-3',
    method: 'call-back',
    evidence: 'could not call back',
    verifiedBy: 'helpdesk',
    outcome: 'refused',
    now: t(6),
  });
  const again = await campaignDashboard(f.app, { campaignId });
  assert.deepEqual([again.waves[0]!.actualCalls, again.helpdesk.verified, again.helpdesk.queueDepth], [2, 1, 1]);
  assert.deepEqual(again, await campaignDashboard(f.app, { campaignId, recount: true }));
  // jsmith verified twice: out of the queue once (queue 0, not below), both people verified.
  for (const m of [7, 8])
    await recordVerification(store, {
      campaignId,
      directory: 'cloud',
      identityKey: 'u-3',
      method: 'video',
      evidence: 'badge shown',
      verifiedBy: 'helpdesk',
      outcome: 'verified',
      now: t(m),
    });
  const last = await campaignDashboard(f.app, { campaignId });
  assert.deepEqual([last.waves[0]!.actualCalls, last.helpdesk.verified, last.helpdesk.queueDepth], [4, 2, 0]);
  assert.deepEqual(last, await campaignDashboard(f.app, { campaignId, recount: true }));
  // An action that fails, is retried and fails again: two failure entries in the journal, one failed
  // action in the chart, as in the status.
  await insertActions(
    store,
    [
      {
        campaignId,
        waveId: waveId!,
        directory: 'cloud',
        identityKey: 'u-4',
        identityName: 'u-4',
        kind: 'resetPassword',
        idempotencyKey: `${campaignId}/u-4`,
      },
    ],
    t(9),
  );
  for (const m of [10, 12]) {
    const [claimed] = await claimActions(store, { campaignId, owner: 'w', limit: 1, leaseMs: 60_000, now: t(m) });
    await transitionAction(store, {
      id: claimed!.id,
      owner: 'w',
      from: 'claimed',
      to: 'failed',
      event: 'apply-failed',
      error: { code: 'DIRECTORY_UNAVAILABLE', message: 'no answer' },
      nextAttemptAt: t(m + 1),
      now: t(m),
    });
  }
  const failing = await campaignDashboard(f.app, { campaignId });
  const status = await campaignStatus(f.app, { campaignId });
  assert.equal(status.totals.failed, 1);
  assert.equal(
    failing.progress.reduce((n, p) => n + p.failed, 0),
    status.totals.failed,
  );
  assert.equal(failing.progress.at(-1)?.failed, 1, 'counted at the minute it last failed');
});
