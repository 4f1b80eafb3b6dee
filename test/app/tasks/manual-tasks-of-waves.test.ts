// The tasks a wave opens: one per privileged or service account of the chosen waves, none for the
// people the engine treats, a service account's owner and application from the inventory.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualTasksOfWaves } from '../../../src/app/tasks/manual-tasks-of-waves.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { anIdentity, directories, now, settings, sha256 } from '../../core/support/an-identity.ts';

const triage = decideTriage(
  { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: [] },
  { answeredBy: 'dana', answeredAt: now },
);
const identities = [
  anIdentity({ name: 'root-admin', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
  anIdentity({ name: 'svc-payroll', servicePrincipalNames: ['HTTP/payroll.corp.example'], passwordNeverExpires: true }),
  anIdentity({ name: 'alice' }),
  anIdentity({ name: 'bob', department: 'Ops' }),
];
const plan = planCampaign({ identities, triage, settings: settings(), directories, startAt: now, now, hash: sha256 });
const inventory = [{ name: 'SVC-Payroll', owner: 'Finance IT', application: 'Payroll' }];

describe('manualTasksOfWaves', () => {
  it('opens a task for each privileged and service account of the chosen waves, and nothing else', () => {
    const all = plan.waves.map((w) => w.number);
    const tasks = manualTasksOfWaves(
      'c-1',
      plan,
      { numbers: all, ids: new Map(all.map((n) => [n, n * 10])) },
      inventory,
    );
    const byName = new Map(tasks.map((t) => [t.identityName, t]));
    assert.deepEqual([...byName.keys()].sort(), ['root-admin', 'svc-payroll']);
    const admin = byName.get('root-admin')!;
    const wave = plan.waves.find((w) => w.number === admin.waveNumber)!;
    assert.deepEqual(
      [admin.kind, admin.owner, admin.application, admin.dueAt, admin.waveId],
      ['privileged-reset', null, null, wave.deadlineAt, wave.number * 10],
    );
    const service = byName.get('svc-payroll')!;
    assert.deepEqual(
      [service.kind, service.owner, service.application],
      ['service-account-rotation', 'Finance IT', 'Payroll'],
      'the inventory matches names case-insensitively',
    );
    const others = plan.waves
      .filter((w) => w.number !== admin.waveNumber && w.number !== service.waveNumber)
      .map((w) => w.number);
    assert.deepEqual(
      manualTasksOfWaves('c-1', plan, { numbers: others, ids: new Map() }),
      [],
      'waves without such accounts open none',
    );
  });
});
