// What each treatment does to the directories, as the dry-run lists it and the engine executes it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateLookup } from '../../../src/core/planning/operation-templates.ts';
import { treatmentIds, type TreatmentId } from '../../../src/core/segmentation/treatments.ts';

const show = (t: { side: string; kind: string; params: object | null; phase: string }) =>
  `${t.phase}:${t.side}:${t.kind}${t.params ? JSON.stringify(t.params) : ''}`;

const table: Array<{ treatment: TreatmentId; kind: 'ad' | 'entra'; linked: boolean; mfa?: boolean; ops: string[] }> = [
  {
    treatment: 'requireChange',
    kind: 'ad',
    linked: true,
    ops: ['start:self:requireChange', 'start:linked:revokeSessions', 'deadline:self:disable'],
  },
  { treatment: 'requireChange', kind: 'ad', linked: false, ops: ['start:self:requireChange', 'deadline:self:disable'] },
  {
    treatment: 'cloudForceChange',
    kind: 'entra',
    linked: false,
    mfa: true,
    ops: ['start:self:requireChange{"withMfa":true}', 'start:self:revokeSessions', 'deadline:self:disable'],
  },
  {
    treatment: 'hybridForceChange',
    kind: 'ad',
    linked: true,
    mfa: true,
    ops: [
      'start:self:requireChange',
      'start:linked:requireChange{"withMfa":true,"confirmForceChange":true}',
      'start:linked:revokeSessions',
      'deadline:self:disable',
    ],
  },
  {
    treatment: 'hybridForceChange',
    kind: 'ad',
    linked: true,
    ops: [
      'start:self:requireChange',
      'start:linked:requireChange{"confirmForceChange":true}',
      'start:linked:revokeSessions',
      'deadline:self:disable',
    ],
  },
  {
    treatment: 'hybridAdminReset',
    kind: 'ad',
    linked: true,
    ops: ['start:self:resetPassword{"mustChange":true}', 'start:linked:revokeSessions'],
  },
  {
    treatment: 'hybridAdGoverned',
    kind: 'ad',
    linked: true,
    ops: ['start:self:requireChange', 'start:linked:revokeSessions', 'deadline:self:disable'],
  },
  {
    treatment: 'adminResetSspr',
    kind: 'ad',
    linked: true,
    ops: ['start:self:resetPassword{"mustChange":false}', 'start:linked:revokeSessions'],
  },
  {
    treatment: 'helpdeskReset',
    kind: 'entra',
    linked: false,
    ops: ['start:self:resetPassword{"mustChange":true}', 'start:self:revokeSessions', 'deadline:self:disable'],
  },
  { treatment: 'rollSmartcardHash', kind: 'ad', linked: false, ops: ['start:self:rollSmartcardHash'] },
  {
    treatment: 'inactiveReset',
    kind: 'ad',
    linked: true,
    ops: ['start:self:resetPassword{"mustChange":true}', 'start:linked:revokeSessions', 'deadline:self:disable'],
  },
  {
    treatment: 'passwordPolicyExpiry',
    kind: 'ad',
    linked: true,
    ops: ['start:self:linkPasswordPolicy{"maxAgeDays":2}', 'start:linked:revokeSessions'],
  },
  { treatment: 'privilegedManualReset', kind: 'ad', linked: true, ops: [] },
  { treatment: 'serviceRotation', kind: 'ad', linked: false, ops: [] },
  { treatment: 'krbtgtDoubleReset', kind: 'ad', linked: false, ops: [] },
];

describe('operations per treatment', () => {
  const lookup = templateLookup({ revokeSessions: true, removeAuthMethods: false, policyMaxAgeDays: 2 });
  it('covers every treatment', () => {
    assert.deepEqual(new Set(table.map((r) => r.treatment)), new Set(treatmentIds));
  });
  for (const row of table) {
    it(`${row.treatment} (${row.kind}${row.linked ? ', linked' : ''}): ${row.ops.join(', ') || 'a task, no directory operation'}`, () => {
      assert.deepEqual(lookup(row.treatment, row.kind, row.linked, row.mfa ?? false).map(show), row.ops);
    });
  }
  it('SAFETY: the synced side of a person never receives a password write, whatever the treatment; its force change is always read back', () => {
    const withRemoval = templateLookup({ revokeSessions: true, removeAuthMethods: true, policyMaxAgeDays: 1 });
    for (const t of treatmentIds) {
      for (const linkedOp of withRemoval(t, 'ad', true, true).filter((o) => o.side === 'linked')) {
        assert.ok(
          ['revokeSessions', 'deleteAuthMethods', 'requireChange'].includes(linkedOp.kind),
          `${t}: ${linkedOp.kind} on the synced side`,
        );
        if (linkedOp.kind === 'requireChange')
          assert.equal(
            linkedOp.params?.confirmForceChange,
            true,
            `${t}: an unconfirmed force change on the synced side`,
          );
        assert.equal(linkedOp.params?.mustChange, undefined);
      }
    }
  });
});
