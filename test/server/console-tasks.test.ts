// Manual tasks in the console API, on a real SQLite store: the people who run the campaign list
// them and assign them; only the assignee reports one done; viewers and the helpdesk are refused;
// every change is in the audit log with the signed-in operator, the console and the address.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { insertManualTasks } from '../../src/store/tasks/insert-manual-tasks.ts';
import { listManualTasks } from '../../src/store/tasks/list-manual-tasks.ts';
import type { ManualTaskRow } from '../../src/store/tasks/manual-task-row.ts';
import { startConsoleFixture, type ConsoleFixture, type Signed } from './support/console-fixture.ts';

let f: ConsoleFixture;
let ids: number[];

before(async () => {
  f = await startConsoleFixture();
  const store = await f.app.store();
  const common = {
    campaignId: f.campaignId,
    waveId: null,
    waveNumber: 1,
    directory: 'cloud',
    identityDn: null,
    linked: null,
    dueAt: null,
  };
  ids = await insertManualTasks(
    store,
    [
      {
        ...common,
        kind: 'privileged-reset',
        identityKey: 'u-2',
        identityName: 'admin-eve',
        owner: null,
        application: null,
      },
      {
        ...common,
        kind: 'service-account-rotation',
        identityKey: 'u-9',
        identityName: 'svc-payroll',
        owner: 'Finance IT',
        application: 'Payroll',
      },
    ],
    { actor: 'setup', source: 'cli', now: f.clock.at },
  );
});
after(async () => f.close());

function call(
  signed: Signed,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
  csrf: string | null = signed.csrf,
) {
  return f.server.inject({
    method,
    url,
    cookies: { [sessionCookie]: signed.cookie },
    ...(method === 'POST' ? { payload: payload ?? {}, ...(csrf ? { headers: { 'x-csrf-token': csrf } } : {}) } : {}),
  });
}

const tasksUrl = () => `/api/campaigns/${f.campaignId}/tasks`;
const stored = async () => listManualTasks(await f.app.store(), { campaignId: f.campaignId });

describe('manual tasks in the console', () => {
  test('operators list the tasks with their counts; viewers and the helpdesk are refused', async () => {
    const operator = await f.as('operator');
    const list = await call(operator, 'GET', tasksUrl());
    assert.equal(list.statusCode, 200, list.body);
    const body = list.json() as {
      counts: { total: number; byKind: Record<string, Record<string, number>> };
      tasks: ManualTaskRow[];
    };
    assert.deepEqual(
      body.tasks.map((t) => [t.id, t.kind, t.state, t.identityName, t.owner, t.application]),
      [
        [ids[0], 'privileged-reset', 'open', 'admin-eve', null, null],
        [ids[1], 'service-account-rotation', 'open', 'svc-payroll', 'Finance IT', 'Payroll'],
      ],
    );
    assert.equal(body.counts.total, 2);
    assert.equal(body.counts.byKind['service-account-rotation']!.open, 1);
    const filtered = (await call(operator, 'GET', `${tasksUrl()}?kind=service-account-rotation`)).json() as {
      tasks: ManualTaskRow[];
    };
    assert.deepEqual(
      filtered.tasks.map((t) => t.id),
      [ids[1]],
    );
    const bad = await call(operator, 'GET', `${tasksUrl()}?state=finished`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /state: unknown finished/);
    for (const role of ['viewer', 'helpdesk'] as const) {
      const refused = await call(await f.as(role), 'GET', tasksUrl());
      assert.equal(refused.statusCode, 403, `${role}: ${refused.body}`);
    }
  });

  test('a commander assigns a task to a named operator, audited; the helpdesk and a forged request cannot', async () => {
    const commander = await f.as('commander');
    const noCsrf = await call(commander, 'POST', `${tasksUrl()}/assign`, { taskIds: [ids[0]], to: 'operator-1' }, null);
    assert.equal(noCsrf.statusCode, 403);
    const helpdesk = await call(await f.as('helpdesk'), 'POST', `${tasksUrl()}/assign`, {
      taskIds: [ids[0]],
      to: 'helpdesk-1',
    });
    assert.equal(helpdesk.statusCode, 403);
    const newline = await call(commander, 'POST', `${tasksUrl()}/assign`, { taskIds: [ids[0]], to: 'bob\nforged' });
    assert.equal(newline.statusCode, 400, newline.body);
    const nobody = await call(commander, 'POST', `${tasksUrl()}/assign`, { taskIds: [ids[0]], to: 'nobody' });
    assert.equal(
      nobody.statusCode,
      404,
      'a task goes to a console account, who can prove who they are when claiming it',
    );
    const viewer = await call(commander, 'POST', `${tasksUrl()}/assign`, { taskIds: [ids[0]], to: 'viewer-1' });
    assert.equal(viewer.statusCode, 400, 'nor to an account that may not report it done');
    assert.deepEqual(
      (await stored()).map((t) => t.state),
      ['open', 'open'],
      'nothing assigned by a refused request',
    );

    const assigned = await call(commander, 'POST', `${tasksUrl()}/assign`, { taskIds: [ids[0]], to: 'operator-1' });
    assert.equal(assigned.statusCode, 200, assigned.body);
    const [task] = await stored();
    assert.deepEqual([task!.state, task!.assignee, task!.assignedBy], ['assigned', 'operator-1', 'commander-1']);
    const store = await f.app.store();
    const audit = await store.db
      .selectFrom('auditLog')
      .select(['actor', 'action', 'source', 'ip'])
      .where('target', '=', `task:${ids[0]}`)
      .execute();
    assert.deepEqual(audit, [{ actor: 'commander-1', action: 'task.assign', source: 'console', ip: '127.0.0.1' }]);
    const status = (await call(commander, 'GET', `/api/campaigns/${f.campaignId}/status`)).json() as {
      tasks: { byState: Record<string, number> };
    };
    assert.deepEqual(
      [status.tasks.byState.assigned, status.tasks.byState.open],
      [1, 1],
      'the status shows the assignment at once',
    );
  });

  test('only the assignee reports the task done; a claim is not a verification', async () => {
    const commander = await f.as('commander');
    const notMine = await call(commander, 'POST', `${tasksUrl()}/done`, { taskId: ids[0] });
    assert.equal(notMine.statusCode, 409, notMine.body);
    assert.equal((notMine.json() as { error: { code: string } }).error.code, 'TASK_TRANSITION_REFUSED');
    const operator = await f.as('operator');
    const done = await call(operator, 'POST', `${tasksUrl()}/done`, { taskId: ids[0], note: 'reset from the PAW' });
    assert.equal(done.statusCode, 200, done.body);
    const [task] = await stored();
    assert.deepEqual(
      [task!.state, task!.doneBy, task!.note, task!.verifiedAt],
      ['done', 'operator-1', 'reset from the PAW', null],
    );
    const again = await call(operator, 'POST', `${tasksUrl()}/done`, { taskId: ids[0] });
    assert.equal(again.statusCode, 409);
    const unknown = await call(operator, 'POST', `${tasksUrl()}/done`, { taskId: 987654 });
    assert.equal(unknown.statusCode, 404);
  });
});
