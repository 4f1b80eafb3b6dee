// Manual tasks on every store: opened once per identity, moved only along the allowed paths, each
// change committed with its own audit entry or not at all, and two claims at once give one winner.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { verifyAuditChain } from '../../../src/store/audit/verify-audit-chain.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { insertManualTasks, type NewManualTask } from '../../../src/store/tasks/insert-manual-tasks.ts';
import { countManualTasks, listManualTasks } from '../../../src/store/tasks/list-manual-tasks.ts';
import { recordManualTaskChecks, transitionManualTasks } from '../../../src/store/tasks/transition-manual-tasks.ts';
import { aCampaign, at } from './store-fixtures.ts';

function aTask(campaignId: string, i: number, overrides: Partial<NewManualTask> = {}): NewManualTask {
  return {
    campaignId,
    waveId: null,
    waveNumber: 1,
    kind: 'privileged-reset',
    directory: 'corp-ad',
    identityKey: `guid-${i}`,
    identityName: `admin${i}`,
    identityDn: `CN=admin${i},OU=Admins,DC=corp,DC=example`,
    linked: null,
    owner: null,
    application: null,
    dueAt: at(86_400).toISOString(),
    ...overrides,
  };
}

async function auditOf(store: Store, target: string) {
  const rows = await store.db
    .selectFrom('auditLog')
    .select(['actor', 'action', 'source', 'ip', 'details'])
    .where('target', '=', target)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

export function manualTasksContract(store: () => Store): void {
  it('opens one task per identity and kind, once, with one audit entry per batch', async () => {
    const campaignId = await aCampaign(store());
    const service = aTask(campaignId, 2, {
      kind: 'service-account-rotation',
      identityName: 'svc-payroll',
      owner: 'Finance IT',
      application: 'Payroll',
    });
    const first = await insertManualTasks(store(), [aTask(campaignId, 1), service], {
      actor: 'alice',
      source: 'cli',
      now: at(0),
    });
    assert.equal(first.length, 2);
    const again = await insertManualTasks(store(), [aTask(campaignId, 1), service, aTask(campaignId, 3)], {
      actor: 'alice',
      source: 'cli',
      now: at(5),
    });
    assert.equal(again.length, 1, 'only the identity without a task gets one');
    const tasks = await listManualTasks(store(), { campaignId });
    assert.deepEqual(
      tasks.map((t) => [t.identityName, t.kind, t.state, t.owner, t.application, t.createdAt]),
      [
        ['admin1', 'privileged-reset', 'open', null, null, at(0).toISOString()],
        ['svc-payroll', 'service-account-rotation', 'open', 'Finance IT', 'Payroll', at(0).toISOString()],
        ['admin3', 'privileged-reset', 'open', null, null, at(5).toISOString()],
      ],
    );
    const opened = await auditOf(store(), `campaign:${campaignId}`);
    assert.deepEqual(
      opened.map((a) => [a.action, a.details.opened, a.details.byKind]),
      [
        ['tasks.open', 2, { 'privileged-reset': 1, 'service-account-rotation': 1 }],
        ['tasks.open', 1, { 'privileged-reset': 1 }],
      ],
    );
    const counts = await countManualTasks(store(), campaignId);
    assert.equal(counts.total, 3);
    assert.equal(counts.byKind['privileged-reset'].open, 2);
    assert.equal(counts.byKind['service-account-rotation'].open, 1);
  });

  it('assign -> done (by the assignee only) -> verified, each change audited; nothing leaves verified', async () => {
    const campaignId = await aCampaign(store());
    const [id] = await insertManualTasks(store(), [aTask(campaignId, 1)], {
      actor: 'alice',
      source: 'cli',
      now: at(0),
    });
    const ctx = (actor: string, seconds: number) => ({
      actor,
      campaignId,
      source: 'console' as const,
      ip: '127.0.0.1',
      now: at(seconds),
    });
    await assert.rejects(
      transitionManualTasks(store(), [{ taskId: id!, event: 'done' }], ctx('bob', 10)),
      { code: 'TASK_TRANSITION_REFUSED' },
      'an open task cannot be claimed',
    );
    const [assigned] = await transitionManualTasks(
      store(),
      [{ taskId: id!, event: 'assign', assignee: 'bob' }],
      ctx('carol', 20),
    );
    assert.deepEqual(
      [assigned!.state, assigned!.assignee, assigned!.assignedBy, assigned!.assignedAt],
      ['assigned', 'bob', 'carol', at(20).toISOString()],
    );
    await assert.rejects(
      transitionManualTasks(store(), [{ taskId: id!, event: 'done' }], ctx('mallory', 30)),
      { code: 'TASK_TRANSITION_REFUSED' },
      'only the assignee claims done',
    );
    const [done] = await transitionManualTasks(
      store(),
      [{ taskId: id!, event: 'done', note: 'reset from the PAW' }],
      ctx('bob', 40),
    );
    assert.deepEqual([done!.state, done!.doneBy, done!.note], ['done', 'bob', 'reset from the PAW']);
    const [verified] = await transitionManualTasks(
      store(),
      [{ taskId: id!, event: 'verify', changedAt: at(35).toISOString() }],
      ctx('carol', 50),
    );
    assert.deepEqual(
      [verified!.state, verified!.verifiedAt, verified!.changedAt],
      ['verified', at(50).toISOString(), at(35).toISOString()],
    );
    for (const event of ['assign', 'done', 'fail', 'miss'] as const) {
      await assert.rejects(
        transitionManualTasks(store(), [{ taskId: id!, event, assignee: 'eve', note: 'x' }], ctx('bob', 60)),
        { code: 'TASK_TRANSITION_REFUSED' },
        event,
      );
    }
    const audit = await auditOf(store(), `task:${id}`);
    assert.deepEqual(
      audit.map((a) => [a.actor, a.action, a.details.from, a.details.to, a.source, a.ip]),
      [
        ['carol', 'task.assign', 'open', 'assigned', 'console', '127.0.0.1'],
        ['bob', 'task.done', 'assigned', 'done', 'console', '127.0.0.1'],
        ['carol', 'task.verify', 'done', 'verified', 'console', '127.0.0.1'],
      ],
    );
    assert.equal(audit[1]!.details.note, 'reset from the PAW');
    assert.equal((await verifyAuditChain(store())).ok, true);
  });

  it('a batch with one refused change writes nothing, neither the tasks nor their audit entries', async () => {
    const campaignId = await aCampaign(store());
    const ids = await insertManualTasks(store(), [aTask(campaignId, 1), aTask(campaignId, 2)], {
      actor: 'alice',
      source: 'cli',
      now: at(0),
    });
    const before = await store().db.selectFrom('auditLog').select('seq').execute();
    const ctx = { actor: 'carol', campaignId, source: 'cli' as const, now: at(10) };
    await assert.rejects(
      transitionManualTasks(
        store(),
        [
          { taskId: ids[0]!, event: 'assign', assignee: 'bob' },
          { taskId: ids[1]!, event: 'done' },
        ],
        ctx,
      ),
      { code: 'TASK_TRANSITION_REFUSED' },
    );
    await assert.rejects(
      transitionManualTasks(
        store(),
        [
          { taskId: ids[0]!, event: 'assign', assignee: 'bob' },
          { taskId: 999_999_999, event: 'assign', assignee: 'bob' },
        ],
        ctx,
      ),
      { code: 'NOT_FOUND' },
    );
    assert.deepEqual(
      (await listManualTasks(store(), { campaignId })).map((t) => [t.state, t.assignee]),
      [
        ['open', null],
        ['open', null],
      ],
    );
    assert.equal((await store().db.selectFrom('auditLog').select('seq').execute()).length, before.length);
    // A task of another campaign is not found through this one.
    const other = await aCampaign(store());
    await assert.rejects(
      transitionManualTasks(store(), [{ taskId: ids[0]!, event: 'assign', assignee: 'bob' }], {
        ...ctx,
        campaignId: other,
      }),
      { code: 'NOT_FOUND' },
    );
  });

  it('missed, reassigned and failed: a new assignment clears the old claim; an unassigned task is never verified', async () => {
    const campaignId = await aCampaign(store());
    const [id, unassigned] = await insertManualTasks(store(), [aTask(campaignId, 1), aTask(campaignId, 2)], {
      actor: 'alice',
      source: 'cli',
      now: at(0),
    });
    const ctx = (actor: string, seconds: number) => ({ actor, campaignId, source: 'cli' as const, now: at(seconds) });
    await transitionManualTasks(store(), [{ taskId: id!, event: 'assign', assignee: 'bob' }], ctx('carol', 10));
    await transitionManualTasks(store(), [{ taskId: id!, event: 'done' }], ctx('bob', 20));
    const [missed] = await transitionManualTasks(
      store(),
      [{ taskId: id!, event: 'miss', reason: 'password last set before the assignment' }],
      ctx('carol', 30),
    );
    assert.deepEqual(
      [missed!.state, missed!.checkReason, missed!.doneBy],
      ['missed', 'password last set before the assignment', 'bob'],
    );
    const [reassigned] = await transitionManualTasks(
      store(),
      [{ taskId: id!, event: 'assign', assignee: 'dave' }],
      ctx('carol', 40),
    );
    assert.deepEqual(
      [reassigned!.state, reassigned!.assignee, reassigned!.doneBy, reassigned!.note],
      ['assigned', 'dave', null, null],
    );
    const [failed] = await transitionManualTasks(
      store(),
      [{ taskId: id!, event: 'fail', note: 'no access to the PAW' }],
      ctx('dave', 50),
    );
    assert.deepEqual([failed!.state, failed!.note], ['failed', 'no access to the PAW']);
    await recordManualTaskChecks(store(), [{ taskId: id!, reason: 'still not changed' }], at(60));
    const [row] = await listManualTasks(store(), { campaignId, ids: [id!] });
    assert.deepEqual(
      [row!.state, row!.checkReason, row!.checkedAt],
      ['failed', 'still not changed', at(60).toISOString()],
    );
    await assert.rejects(
      transitionManualTasks(
        store(),
        [{ taskId: unassigned!, event: 'verify', changedAt: at(1).toISOString() }],
        ctx('carol', 70),
      ),
      { code: 'TASK_TRANSITION_REFUSED' },
    );
    const [missedOpen] = await transitionManualTasks(
      store(),
      [{ taskId: unassigned!, event: 'miss', reason: 'not assigned' }],
      ctx('carol', 80),
    );
    assert.deepEqual([missedOpen!.state, missedOpen!.assignee], ['missed', null]);
    const counts = await countManualTasks(store(), campaignId);
    assert.deepEqual([counts.byState.failed, counts.byState.missed, counts.total], [1, 1, 2]);
  });

  it('two claims of the same task at once: exactly one wins and is audited', async () => {
    const campaignId = await aCampaign(store());
    const [id] = await insertManualTasks(store(), [aTask(campaignId, 1)], {
      actor: 'alice',
      source: 'cli',
      now: at(0),
    });
    await transitionManualTasks(store(), [{ taskId: id!, event: 'assign', assignee: 'bob' }], {
      actor: 'carol',
      campaignId,
      source: 'cli',
      now: at(10),
    });
    const claims = await Promise.allSettled(
      [1, 2].map((n) =>
        transitionManualTasks(store(), [{ taskId: id!, event: 'done', note: `claim ${n}` }], {
          actor: 'bob',
          campaignId,
          source: 'console',
          now: at(20),
        }),
      ),
    );
    assert.deepEqual(claims.map((c) => c.status).sort(), ['fulfilled', 'rejected']);
    const refused = claims.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    assert.equal((refused.reason as { code: string }).code, 'TASK_TRANSITION_REFUSED');
    assert.equal((await auditOf(store(), `task:${id}`)).filter((a) => a.action === 'task.done').length, 1);
  });
}
