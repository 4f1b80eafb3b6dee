// Which notices a campaign owes at a moment: every person of a started wave whose treatment
// notifies (not tasks, not resets without notice), with the method their treatment implies; the
// final warning near the deadline; 'disabled' only for accounts the deadline disabled.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CurrentPlan } from '../../../src/app/campaign/current-plan.ts';
import { dueCampaignNotices } from '../../../src/app/notices/due-campaign-notices.ts';
import type { Identity } from '../../../src/core/identity.ts';
import type { Plan, Wave } from '../../../src/core/planning/plan.ts';
import { anIdentity } from '../../core/support/an-identity.ts';

const people = [
  { name: 'ann', segment: 'onsite', treatment: 'requireChange' },
  { name: 'ben', segment: 'vpnCertificate', treatment: 'requireChange' },
  { name: 'cat', segment: 'vpnPassword', treatment: 'adminResetSspr' },
  { name: 'dan', segment: 'cloudOnly', treatment: 'cloudForceChange' },
  { name: 'eve', segment: 'privileged', treatment: 'privilegedManualReset' },
  { name: 'fay', segment: 'inactive', treatment: 'inactiveReset' },
];
const identities = new Map<string, Identity>(
  people.map((p) => [`lab-ad\n${p.name}-key`, anIdentity({ name: p.name, key: `${p.name}-key`, directory: 'lab-ad' })]),
);
const plan = {
  assurance: 'standard',
  waves: [{ number: 1, firstAssignment: 0, size: people.length }],
  assignments: people.map((p) => ({
    directory: 'lab-ad',
    key: `${p.name}-key`,
    name: p.name,
    segment: p.segment,
    treatment: p.treatment,
    wave: 1,
    linked: null,
  })),
} as unknown as Plan;
const current: CurrentPlan = {
  versionId: 'v1',
  createdBy: 'alice',
  createdAt: '2026-11-26T08:00:00.000Z',
  plan,
  approvers: ['bob'],
  waves: [
    {
      id: 41,
      ordinal: 1,
      name: 'Engineering',
      startsAt: '2026-11-26T09:00:00.000Z',
      deadlineAt: '2026-11-29T09:00:00.000Z',
      graceUntil: null,
      size: people.length,
    },
  ],
};
const schedule = { reminderHours: [24, 4], finalWarningHours: 1 };
/** The waves whose people were read: only those owing a notice are. */
const read: number[] = [];
/** The wave's people in pages of 2 (the store's assignment rows): the wave spans three pages. */
async function* assignmentsOf(wave: Wave) {
  read.push(wave.number);
  const people = plan.assignments.slice(wave.firstAssignment, wave.firstAssignment + wave.size);
  for (let i = 0; i < people.length; i += 2) yield people.slice(i, i + 2).map((assignment) => ({ assignment }));
}
const due = (now: string, extra: Partial<Parameters<typeof dueCampaignNotices>[0]> = {}) =>
  dueCampaignNotices({
    campaignId: 'c1',
    current,
    assignmentsOf,
    identities,
    disabled: [],
    schedule,
    now: new Date(now),
    ...extra,
  });

describe('dueCampaignNotices', () => {
  it('announces the started wave to the people whose treatment notifies, with their method', async () => {
    read.length = 0;
    assert.deepEqual((await due('2026-11-26T08:59:00.000Z')).requests, [], 'nothing before the wave starts');
    assert.deepEqual(read, [], 'the people of a wave owing nothing are not read');
    const { requests } = await due('2026-11-26T10:00:00.000Z');
    assert.deepEqual(
      requests.map((r) => `${r.identity.name}:${r.kind}:${r.method}`),
      [
        'ann:announcement:change-at-logon',
        'ben:announcement:change-at-logon-vpn',
        'cat:announcement:self-service',
        'dan:announcement:cloud-sign-in',
      ],
      'ann to dan: across the pages of the wave',
    );
    assert.ok(requests.every((r) => r.wave.id === 41 && r.assurance === 'standard'));
  });

  it('adds the final warning near the deadline, and filters by kind', async () => {
    const { requests } = await due('2026-11-29T08:30:00.000Z', { kinds: new Set(['final-warning']) });
    assert.deepEqual(
      requests.map((r) => `${r.identity.name}:${r.kind}`),
      ['ann:final-warning', 'ben:final-warning', 'cat:final-warning', 'dan:final-warning'],
    );
  });

  it("sends 'disabled' only to accounts the deadline disabled, pointing them to the helpdesk; a vanished identity is counted", async () => {
    const { requests, missingIdentities } = await due('2026-11-30T10:00:00.000Z', {
      disabled: [
        { directory: 'lab-ad', identityKey: 'ann-key', waveId: 41 },
        { directory: 'lab-ad', identityKey: 'gone-key', waveId: 41 },
      ],
    });
    assert.deepEqual(
      requests.map((r) => `${r.identity.name}:${r.kind}:${r.method}`),
      ['ann:disabled:helpdesk'],
    );
    assert.equal(missingIdentities, 1);
  });
});
