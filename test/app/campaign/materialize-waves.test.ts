// `run` turns waves into actions a page of assignments at a time (read-plan-assignments.ts): a plan
// of more assignments than a page, in a real SQLite store, gives exactly the start actions and
// manual tasks the whole-plan generator lists, across page boundaries, and a second pass adds none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { materializeWaves, startActionKey } from '../../../src/app/campaign/materialize-waves.ts';
import { currentPlanHeader } from '../../../src/app/campaign/current-plan.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { plannedOperations } from '../../../src/core/planning/planned-operations.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { insertWaves } from '../../../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { anIdentity, directories, now, settings, sha256 } from '../../core/support/an-identity.ts';

const triage = decideTriage(
  { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: [] },
  { answeredBy: 'dana', answeredAt: now },
);
const departments = ['Sales', 'Ops', 'Finance', 'Legal'];
const identities = [
  anIdentity({ name: 'root-admin', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
  anIdentity({ name: 'svc-payroll', servicePrincipalNames: ['HTTP/payroll.corp.example'], passwordNeverExpires: true }),
  ...Array.from({ length: 4_600 }, (_, i) =>
    anIdentity({ name: `user${String(i).padStart(5, '0')}`, department: departments[i % 4]! }),
  ),
];
const plan = planCampaign({
  identities,
  triage,
  settings: settings({ guardrails: { blastRadius: 100_000 } }),
  directories,
  startAt: now,
  now,
  hash: sha256,
});

describe('materializeWaves', () => {
  it('reads the plan a page at a time and inserts every start action once, with the waves’ manual tasks', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const at = new Date(now);
      await createCampaign(store, { id: 'c1', name: 'c1', createdBy: 'alice', now: at });
      const { versionId } = await savePlanVersion(store, {
        planId: 'c1/plan',
        campaignId: 'c1',
        name: 'plan of c1',
        body: plan,
        createdBy: 'alice',
        now: at,
      });
      await insertWaves(
        store,
        versionId,
        plan.waves.map((w) => ({
          ordinal: w.number,
          name: w.label,
          startsAt: new Date(w.startAt),
          deadlineAt: new Date(w.deadlineAt),
          size: w.size,
        })),
      );
      const current = await currentPlanHeader(store, 'c1');
      const waves = plan.waves.map((w) => w.number);
      const largest = Math.max(...plan.waves.map((w) => w.size));
      assert.ok(largest > 2_000, `a wave of ${largest} spans more than one page of 2,000`);

      const first = await materializeWaves(store, 'c1', current, waves, at, { actor: 'alice' });
      const expected = [...plannedOperations(plan)].flatMap((op) =>
        op.type === 'action' && op.phase === 'start'
          ? [startActionKey('c1', op.action.directory, op.action.identity.key, op.action.kind)]
          : [],
      );
      const stored = await store.db.selectFrom('actions').select(['idempotencyKey', 'id']).orderBy('id').execute();
      assert.deepEqual(
        stored.map((r) => r.idempotencyKey),
        expected,
        'the same actions in the same order as the whole-plan generator',
      );
      assert.deepEqual([first.planned, first.inserted, first.tasksOpened], [expected.length, expected.length, 2]);
      const tasks = await store.db.selectFrom('manualTasks').select('identityName').execute();
      assert.deepEqual(tasks.map((t) => t.identityName).sort(), ['root-admin', 'svc-payroll']);

      const again = await materializeWaves(store, 'c1', current, waves, at, { actor: 'alice' });
      assert.deepEqual([again.inserted, again.tasksOpened], [0, 0], 'a second pass adds nothing');
      assert.equal(
        Number(
          (
            await store.db
              .selectFrom('actions')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirst()
          )?.n,
        ),
        expected.length,
      );
    } finally {
      await store.close();
    }
  });
});
