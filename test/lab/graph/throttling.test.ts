// Throttling follows graph.md A9 with the real quota numbers: resource-unit and write buckets per
// app+tenant and per tenant, cost modifiers, the reports and Conditional Access limits, and the
// headers of admitted and refused requests; timeScale shortens the windows, not the quotas.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEmulatorClock } from '../../../src/lab/graph/emulator-clock.ts';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { ThrottleGate, type ThrottleRequest } from '../../../src/lab/graph/throttle-gate.ts';
import { graph, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

const write = (appId: string, extra: Partial<ThrottleRequest> = {}): ThrottleRequest => ({
  appId,
  kind: 'identity',
  ru: 1,
  write: true,
  signInActivity: false,
  lowPriority: false,
  ...extra,
});

function gate(timeScale = 1, size: 'S' | 'M' | 'L' = 'S') {
  let now = 1_000_000;
  const clock = createEmulatorClock(timeScale, () => now);
  return {
    gate: new ThrottleGate(
      'tenant-1',
      clock,
      () => size,
      () => 'identity',
    ),
    tick: (ms: number) => {
      now += ms;
    },
  };
}

describe('throttle gate (quota arithmetic with a fixed clock)', () => {
  it('admits 3,000 writes per app+tenant in 150 s, then refuses with WriteLimitExceeded and the wait for one write (50 ms)', () => {
    const { gate: g, tick } = gate();
    let percentage: number | undefined;
    for (let i = 0; i < 3000; i++) {
      const d = g.charge(write('app-a'));
      assert.equal(d.admitted, true, `write ${i + 1}`);
      if (d.admitted && d.limitPercentage !== undefined && percentage === undefined) percentage = d.limitPercentage;
    }
    assert.ok(percentage !== undefined && percentage >= 0.8, 'x-ms-throttle-limit-percentage appears from 80 %');
    const refused = g.charge(write('app-a'));
    assert.equal(refused.admitted, false);
    if (refused.admitted) return;
    assert.equal(refused.scope, 'Tenant_Application/Write/app-a/tenant-1');
    assert.equal(refused.information, 'WriteLimitExceeded');
    assert.ok(Math.abs(refused.retryAfterMs - 50) < 1, `waits ${refused.retryAfterMs} ms`);
    assert.equal(g.charge(write('app-b')).admitted, true, 'another app has its own app+tenant bucket');
    tick(50);
    assert.equal(g.charge(write('app-a')).admitted, true);
  });

  it('shares 18,000 writes per 5 minutes across every app of the tenant', () => {
    const { gate: g } = gate(1, 'L');
    for (let a = 0; a < 6; a++) for (let i = 0; i < 3000; i++) assert.equal(g.charge(write(`app-${a}`)).admitted, true);
    const refused = g.charge(write('app-7'));
    assert.equal(refused.admitted, false);
    if (!refused.admitted) assert.equal(refused.scope, 'Tenant/Write/app-7/tenant-1');
  });

  it('sizes the resource-unit bucket by tenant size (S 3,500, M 5,000, L 8,000 per 10 s) and charges cost, not requests', () => {
    for (const [size, capacity] of [
      ['S', 3500],
      ['M', 5000],
      ['L', 8000],
    ] as const) {
      const { gate: g } = gate(1, size);
      const read = { ...write('app'), write: false, ru: 2 };
      for (let i = 0; i < capacity / 2; i++) assert.equal(g.charge(read).admitted, true);
      const refused = g.charge(read);
      assert.equal(refused.admitted, false, size);
      if (!refused.admitted) {
        assert.equal(refused.information, 'ResourceUnitLimitExceeded');
        assert.equal(refused.scope, 'Tenant_Application/ReadWrite/app/tenant-1');
      }
    }
  });

  it('throttles low-priority requests first (at 80 % of the quota)', () => {
    const { gate: g } = gate();
    for (let i = 0; i < 2400; i++) g.charge(write('app'));
    assert.equal(g.charge(write('app', { lowPriority: true })).admitted, false);
    assert.equal(g.charge(write('app')).admitted, true);
  });

  it('keeps the quota numbers under timeScale and shortens the windows (0.01: one write back after 0.5 ms)', () => {
    const { gate: g, tick } = gate(0.01);
    for (let i = 0; i < 3000; i++) g.charge(write('app'));
    const refused = g.charge(write('app'));
    assert.equal(refused.admitted, false);
    if (!refused.admitted) assert.ok(Math.abs(refused.retryAfterMs - 0.5) < 0.01);
    tick(1);
    assert.equal(g.charge(write('app')).admitted, true);
  });
});

describe('graph emulator: throttling over HTTPS (timeScale 100, so a loaded machine cannot refill a bucket mid-test)', () => {
  let emu: RunningGraphEmulator;
  let token: string;
  before(async () => {
    emu = await startTestEmulator({ timeScale: 100 });
    token = await tokenFor(emu, 'reclaim');
  });
  after(() => emu.stop());

  it('reports the resource-unit cost of each request with the $select, $top and $expand modifiers', async () => {
    const ru = async (path: string, method = 'GET', body?: unknown) =>
      (await graph(emu, token, method, path, body)).headers['x-ms-resource-unit'];
    assert.equal(await ru('/users?$top=50'), '2');
    assert.equal(await ru('/users?$top=50&$select=id'), '1');
    assert.equal(await ru('/users?$top=5'), '1');
    assert.equal(await ru('/users/cloud.user001@reclaimlab.onmicrosoft.com'), '1');
    assert.equal(await ru('/roleManagement/directory/roleAssignments?$expand=principal'), '2');
    assert.equal(await ru('/users/cloud.user001@reclaimlab.onmicrosoft.com', 'PATCH', { accountEnabled: true }), '1');
  });

  it(
    'limits reports to 5 requests per window: the 6th gets 429 with Retry-After, scope and ' +
      'information; moving the clock one window admits again',
    async () => {
      emu.control.reset();
      const path = '/reports/authenticationMethods/userRegistrationDetails?$top=1';
      for (let i = 0; i < 5; i++) assert.equal((await graph(emu, token, 'GET', path)).status, 200);
      const r = await graph(emu, token, 'GET', path);
      assert.equal(r.status, 429);
      assert.equal(r.body.error.code, 'TooManyRequests');
      assert.equal(r.body.error.innerError.code, '429');
      assert.equal(r.body.error.innerError.status, '429');
      assert.equal(r.body.error.innerError.message, 'Please retry after');
      assert.ok(Number(r.headers['retry-after']) >= 1);
      assert.equal(
        r.headers['x-ms-throttle-scope'],
        `Tenant_Application/Read/${emu.apps[0]?.clientId}/${emu.tenantId}`,
      );
      assert.equal(r.headers['x-ms-throttle-information'], 'ResourceUnitLimitExceeded');
      emu.control.advanceClock(10_000 * 100);
      assert.equal((await graph(emu, token, 'GET', path)).status, 200);
    },
  );

  it('limits signInActivity reads to 10 per window (a minute at timeScale 1), on top of the resource units', async () => {
    emu.control.reset();
    emu.control.updateSettings({ signInActivityCountsAsReport: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await graph(emu, token, 'GET', '/users?$select=id,signInActivity&$top=1')).status);
      assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
      assert.equal((await graph(emu, token, 'GET', '/users?$select=id&$top=1')).status, 200, 'other reads go on');
    } finally {
      emu.control.updateSettings({ signInActivityCountsAsReport: true });
    }
  });

  it('by default also counts a signInActivity read as a report (5 per 10 s), shared with the registration report', async () => {
    emu.control.reset();
    const signIns = () => graph(emu, token, 'GET', '/users?$select=id,signInActivity&$top=1');
    const report = () => graph(emu, token, 'GET', '/reports/authenticationMethods/userRegistrationDetails');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await signIns()).status);
    for (let i = 0; i < 3; i++) statuses.push((await report()).status);
    // 3 sign-in reads and 2 reports fill the reports bucket: the third report waits
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    // the other reading: sign-in reads leave the reports bucket alone
    emu.control.reset();
    emu.control.updateSettings({ signInActivityCountsAsReport: false });
    try {
      const apart: number[] = [];
      for (let i = 0; i < 3; i++) apart.push((await signIns()).status);
      for (let i = 0; i < 3; i++) apart.push((await report()).status);
      assert.deepEqual(apart, [200, 200, 200, 200, 200, 200]);
    } finally {
      emu.control.updateSettings({ signInActivityCountsAsReport: true });
    }
  });

  it('limits Conditional Access to 1 request per second per tenant and sends no Retry-After on its 429', async () => {
    emu.control.reset();
    const r = await graph(emu, token, 'POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/identity/conditionalAccess/policies' },
        { id: '2', method: 'GET', url: '/identity/conditionalAccess/policies' },
      ],
    });
    const statuses = r.body.responses.map((x: { status: number }) => x.status).sort();
    assert.deepEqual(statuses, [200, 429]);
    const throttled = r.body.responses.find((x: { status: number }) => x.status === 429);
    assert.equal(throttled.headers['Retry-After'], undefined);
    assert.match(throttled.headers['x-ms-throttle-scope'], /^Tenant\//);
  });

  it('drains the app+tenant resource-unit bucket: x-ms-throttle-limit-percentage from 0.8, then item 429s that did not run', async () => {
    emu.control.reset();
    emu.control.updateSettings({ tenantSize: 'S' });
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: '/users?$top=50',
    }));
    let sawPercentage = false;
    let throttled: any;
    for (let n = 0; n < 200 && !throttled; n++) {
      const r = await graph(emu, token, 'POST', '/$batch', { requests });
      for (const x of r.body.responses) {
        if (x.headers['x-ms-throttle-limit-percentage'] && Number(x.headers['x-ms-throttle-limit-percentage']) >= 0.8)
          sawPercentage = true;
        if (x.status === 429 && !throttled) throttled = x;
      }
    }
    assert.ok(throttled, 'a 429 within 200 batches (3,500 RU at 2 RU each is 88 batches)');
    assert.ok(sawPercentage);
    assert.equal(throttled.headers['x-ms-throttle-information'], 'ResourceUnitLimitExceeded');
    assert.equal(
      throttled.headers['x-ms-throttle-scope'],
      `Tenant_Application/ReadWrite/${emu.apps[0]?.clientId}/${emu.tenantId}`,
    );
    assert.ok(Number(throttled.headers['Retry-After']) >= 1);
    // Refill is 3.5 RU/s at this scale: a second burst right away meets the same 429s.
    const again = await graph(emu, token, 'POST', '/$batch', { requests });
    assert.ok(again.body.responses.some((x: { status: number }) => x.status === 429));
    const log = emu.control.requestLog().filter((e) => e.throttled);
    assert.ok(log.length > 0 && log.every((e) => e.status === 429 && e.resourceUnits === undefined));
  });
});

describe('graph emulator: throttling under timeScale 0.1', () => {
  let emu: RunningGraphEmulator;
  let token: string;
  before(async () => {
    emu = await startTestEmulator({ timeScale: 0.1 });
    token = await tokenFor(emu, 'reclaim');
  });
  after(() => emu.stop());

  it('refuses the 6th report request of a burst (5 per 1 s instead of 10 s) and admits one more 200 ms later in real time', async () => {
    const requests = Array.from({ length: 6 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: '/reports/authenticationMethods/userRegistrationDetails?$top=1',
    }));
    const r = await graph(emu, token, 'POST', '/$batch', { requests });
    const statuses = r.body.responses.map((x: { status: number }) => x.status);
    assert.equal(
      statuses.filter((s: number) => s === 429).length,
      1,
      `statuses ${statuses.join(',')}, at ${emu.control
        .requestLog()
        .slice(-6)
        .map((e) => e.at)
        .join(' ')}`,
    );
    const throttled = r.body.responses.find((x: { status: number }) => x.status === 429);
    assert.equal(throttled.headers['Retry-After'], '1');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(
      (await graph(emu, token, 'GET', '/reports/authenticationMethods/userRegistrationDetails?$top=1')).status,
      200,
    );
  });
});
