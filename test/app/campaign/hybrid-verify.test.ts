// Verification of a synced person needs both sides changed; a federated or pass-through person is
// proven by AD alone; a cloud side that lags its AD change says why in the miss.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainCloudLag } from '../../../src/app/campaign/hybrid-verify-reason.ts';
import { verifyTargets } from '../../../src/app/campaign/verify-targets.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { waveAssignments, type Plan } from '../../../src/core/planning/plan.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import type { VerifyMiss } from '../../../src/engine/verify-campaign.ts';
import { aHybridPerson, directories, now, settings, sha256 } from '../../core/support/an-identity.ts';

const triage = decideTriage(
  { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: [] },
  { answeredBy: 'x', answeredAt: now },
);
const planOf = (cloudSignIn?: 'federated') =>
  rowsOf(
    planCampaign({
      identities: aHybridPerson('hana'),
      triage,
      settings: settings({ readiness: { passwordWritebackEnabled: true, cloudSignIn } }),
      directories,
      startAt: now,
      now,
      hash: sha256,
    }),
  );
/** a plan's assignments as the store's pages give them: with their wave */
const rowsOf = (plan: Plan) =>
  plan.waves.flatMap((w) => waveAssignments(plan, w).map((assignment) => ({ wave: w.number, assignment })));

describe('hybrid verification', () => {
  it('a password-hash-sync person is verified on both sides; a federated one on AD alone', () => {
    assert.deepEqual(
      verifyTargets(planOf()).map((t) => [t.treatment, t.sides.map((s) => s.directory)]),
      [['hybridAdminReset', ['corp', 'cloud']]],
    );
    assert.deepEqual(
      verifyTargets(planOf('federated')).map((t) => [t.treatment, t.sides.map((s) => s.directory)]),
      [['hybridAdGoverned', ['corp']]],
    );
  });

  it('a cloud side missed while its AD side changed is explained as not yet synced; other misses keep their reason', () => {
    const targets = verifyTargets(planOf());
    const miss = (directory: string, key: string, reason: string): VerifyMiss => ({
      wave: 1,
      treatment: 'hybridAdminReset',
      identity: key,
      directory,
      key,
      reason,
      enabled: true,
    });
    const cloudOnly = explainCloudLag(targets, [
      miss('cloud', 'cloud-hana', 'password last set 2026-01-01T00:00:00Z, before T0'),
    ]);
    assert.match(
      cloudOnly[0]!.reason,
      /^changed in AD, not yet in the cloud \(password last set .*\): wait for the next password hash sync/,
    );
    const both = explainCloudLag(targets, [
      miss('corp', 'key-hana', 'must change at next sign-in; not changed by the user yet'),
      miss('cloud', 'cloud-hana', 'password last set X, before T0'),
    ]);
    assert.deepEqual(
      both.map((m) => m.reason),
      ['must change at next sign-in; not changed by the user yet', 'password last set X, before T0'],
    );
  });
});
