// The console's security properties, on a real SQLite store: every role against every route,
// CSRF, session fixation, brute-force lockout, helpdesk refused on a privileged identity, a
// canary TAP never seen again after it was shown once (logs, every table, later responses).
import { nameKeyOf } from '../../src/store/operators/login-failures.ts';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { allows, permissions } from '../../src/app/auth/permissions.ts';
import { consoleRoutes, sessionCookie } from '../../src/server/create-console-server.ts';
import { operatorRoles } from '../../src/store/database.ts';
import { verifyAuditChain } from '../../src/store/audit/verify-audit-chain.ts';
import { startConsoleFixture, type ConsoleFixture, type Signed } from './support/console-fixture.ts';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});
let f: ConsoleFixture;

before(async () => {
  f = await startConsoleFixture({ logger: pino({ level: 'trace' }, logStream) });
});
after(async () => f.close());

/** csrf: null sends no token header at all */
function call(
  signed: Signed | undefined,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  csrf: string | null | undefined = signed?.csrf,
) {
  return f.server.inject({
    method,
    url,
    ...(signed ? { cookies: { [sessionCookie]: signed.cookie } } : {}),
    ...(typeof csrf === 'string' && method === 'POST' ? { headers: { 'x-csrf-token': csrf } } : {}),
    ...(payload !== undefined ? { payload: payload as object } : method === 'POST' ? { payload: {} } : {}),
  });
}

const path = (url: string) => url.replace(':id', f.campaignId).replace(':directory', 'cloud').replace(':key', 'u-1');

describe('permission matrix', () => {
  test('every role against every route: allowed roles pass the gate, others get 403 PERMISSION_DENIED', async () => {
    const sessions = new Map<string, Signed>();
    for (const role of operatorRoles) sessions.set(role, await f.as(role));
    for (const route of consoleRoutes) {
      for (const role of operatorRoles) {
        const response = await call(
          sessions.get(role),
          route.method,
          path(route.url),
          route.method === 'POST' ? {} : undefined,
        );
        const body = response.json() as { error?: { code: string } };
        if (allows(role, route.permission)) {
          assert.notEqual(
            body.error?.code,
            'PERMISSION_DENIED',
            `${role} ${route.method} ${route.url}: ${response.body}`,
          );
          assert.notEqual(response.statusCode, 401, `${role} ${route.method} ${route.url}`);
        } else {
          assert.equal(response.statusCode, 403, `${role} ${route.method} ${route.url}: ${response.body}`);
          assert.equal(body.error?.code, 'PERMISSION_DENIED');
        }
      }
    }
    // The matrix itself: the helpdesk never holds the privileged-credential permission.
    assert.deepEqual([...permissions['helpdesk.credential.privileged']], ['operator', 'commander', 'admin']);
  });

  test('no session: every API route is 401 AUTH_REQUIRED', async () => {
    for (const route of consoleRoutes) {
      const response = await call(undefined, route.method, path(route.url), route.method === 'POST' ? {} : undefined);
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
    }
  });
});

describe('sessions and CSRF', () => {
  test('a mutation without or with a wrong CSRF token is refused and changes nothing', async () => {
    const commander = await f.as('commander');
    for (const csrf of [null, 'forged', '', (await f.as('viewer')).csrf]) {
      const response = await call(commander, 'POST', `/api/campaigns/${f.campaignId}/pause`, {}, csrf);
      assert.equal(response.statusCode, 403);
    }
    const status = (await call(commander, 'GET', `/api/campaigns/${f.campaignId}/status`)).json() as {
      killSwitch: { engaged: boolean };
    };
    assert.equal(status.killSwitch.engaged, false);
    const ok = await call(commander, 'POST', `/api/campaigns/${f.campaignId}/pause`, { reason: 'test' });
    assert.equal(ok.statusCode, 200, ok.body);
    const paused = (await call(commander, 'GET', `/api/campaigns/${f.campaignId}/status`)).json() as {
      killSwitch: { engaged: boolean };
    };
    assert.equal(paused.killSwitch.engaged, true);
    assert.equal((await call(commander, 'POST', `/api/campaigns/${f.campaignId}/resume`, {})).statusCode, 200);
  });

  test('session fixation: signing in issues a new session id and ends the one presented', async () => {
    const first = await f.as('viewer');
    const again = await f.login('viewer-1', { cookie: first.cookie });
    assert.ok(again.signed);
    assert.notEqual(again.signed.cookie, first.cookie);
    assert.equal((await call(first, 'GET', '/api/session')).statusCode, 401);
    assert.equal((await call(again.signed, 'GET', '/api/session')).statusCode, 200);
  });

  test('the session cookie is httpOnly and SameSite=Strict; security headers are set', async () => {
    f.clock.at = new Date(f.clock.at.getTime() + 30_000);
    const result = await f.login('viewer-1');
    assert.equal(result.status, 200);
    const response = await f.server.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
    const login = await f.server.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'nobody', password: 'x', totp: '000000' },
    });
    assert.equal(login.statusCode, 401);
  });

  test('a reused TOTP code is refused', async () => {
    const ok = await f.login('viewer-1');
    assert.equal(ok.status, 200);
    const code = (await import('../../src/app/auth/totp.ts')).totpAt(
      (await import('../../src/app/auth/base32.ts')).base32Decode(f.totpSecrets.get('viewer-1')!),
      f.clock.at.getTime() / 1000,
    );
    f.clock.at = new Date(f.clock.at.getTime() - 30_000); // login() moves 30 s forward again: same step
    const replay = await f.login('viewer-1', { totp: code });
    assert.equal(replay.status, 401);
  });

  test('brute force: five wrong passwords lock the name at this address, even the right one is then refused', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await f.login('helpdesk-1', { password: `guess-${i}` });
      assert.ok(r.status === 401 || r.status === 429, JSON.stringify(r.body));
    }
    const locked = await f.login('helpdesk-1');
    assert.equal(locked.status, 429);
    assert.equal((locked.body.error as { code: string }).code, 'ACCOUNT_LOCKED');
    const store = await f.app.store();
    const row = await store.db
      .selectFrom('loginFailures')
      .select(['lockedUntil'])
      .where('nameKey', '=', nameKeyOf('helpdesk-1'))
      .executeTakeFirstOrThrow();
    assert.ok(row.lockedUntil);
    f.clock.at = new Date(f.clock.at.getTime() + 16 * 60_000);
    assert.equal((await f.login('helpdesk-1')).status, 200);
  });
});

describe('plan approval', () => {
  test('the author cannot approve; a second operator can, and the approval is read back', async () => {
    const alice = await f.login('alice');
    assert.ok(alice.signed);
    const own = await call(alice.signed, 'POST', `/api/campaigns/${f.campaignId}/approve`, { versionId: f.versionId });
    assert.equal(own.statusCode, 409, own.body);
    const commander = await f.as('commander');
    const ok = await call(commander, 'POST', `/api/campaigns/${f.campaignId}/approve`, {
      versionId: f.versionId,
      comment: 'reviewed',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const plan = (await call(commander, 'GET', `/api/campaigns/${f.campaignId}/plan`)).json() as {
      approvers: string[];
    };
    assert.deepEqual(plan.approvers, ['commander-1']);
  });
});

describe('helpdesk', () => {
  test('refused on a privileged identity (escalation), audited; an operator may', async () => {
    const helpdesk = await f.as('helpdesk');
    const verify = await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/verifications`, {
      directory: 'cloud',
      identityKey: 'u-2',
      method: 'video',
      evidence: 'badge shown on video call',
      outcome: 'verified',
    });
    assert.equal(verify.statusCode, 403);
    assert.equal((verify.json() as { error: { code: string } }).error.code, 'IDENTITY_PROTECTED');
    const tap = await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/credentials`, {
      directory: 'cloud',
      identityKey: 'u-2',
      kind: 'tap',
    });
    assert.equal(tap.statusCode, 403);
    assert.equal(f.applied.filter((a) => a.identity.key === 'u-2').length, 0);
    const store = await f.app.store();
    const refused = await store.db
      .selectFrom('auditLog')
      .select('actor')
      .where('action', '=', 'helpdesk.refused-privileged')
      .execute();
    assert.ok(refused.some((r) => r.actor === 'helpdesk-1'));
  });

  test('a credential needs a verification first; then a canary TAP is shown once and found nowhere else', async () => {
    const canary = `CANARY-TAP-${Math.random().toString(36).slice(2)}`;
    f.nextTap.value = canary;
    const helpdesk = await f.as('operator');
    const early = await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/credentials`, {
      directory: 'cloud',
      identityKey: 'u-1',
      kind: 'tap',
    });
    assert.equal(early.statusCode, 403, early.body);
    const bad = await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/verifications`, {
      directory: 'cloud',
      identityKey: 'u-1',
      method: 'carrier-pigeon',
      evidence: 'x',
      outcome: 'verified',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /method/);
    const verified = await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/verifications`, {
      directory: 'cloud',
      identityKey: 'u-1',
      method: 'call-back',
      evidence: 'called back the number on file, confirmed manager name',
      outcome: 'verified',
    });
    assert.equal(verified.statusCode, 200, verified.body);
    const issued = await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/credentials`, {
      directory: 'cloud',
      identityKey: 'u-1',
      kind: 'tap',
    });
    assert.equal(issued.statusCode, 200, issued.body);
    assert.equal((issued.json() as { value: string }).value, canary);
    assert.equal(issued.headers['cache-control'], 'no-store');
    assert.equal(f.applied.at(-1)?.kind, 'issueTap');

    const temp = await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/credentials`, {
      directory: 'cloud',
      identityKey: 'u-1',
      kind: 'temporary-password',
    });
    const tempValue = (temp.json() as { value: string }).value;
    assert.ok(tempValue.length >= 16);

    // Later responses: the identity's history and the audit log.
    const later = [
      await call(helpdesk, 'GET', `/api/campaigns/${f.campaignId}/identities/cloud/u-1`),
      await call(helpdesk, 'GET', '/api/audit?limit=500'),
      await call(helpdesk, 'GET', `/api/campaigns/${f.campaignId}/status`),
    ];
    const history = later[0]!.json() as { verifications: unknown[]; audit: Array<{ action: string }> };
    assert.equal(history.verifications.length, 1);
    assert.ok(history.audit.some((a) => a.action === 'helpdesk.credential.issued'));
    for (const r of later) {
      assert.equal(r.statusCode, 200);
      assert.ok(!r.body.includes(canary) && !r.body.includes(tempValue));
    }
    // Logs.
    const logs = logLines.join('');
    assert.ok(logs.length > 0, 'the logger captured requests');
    assert.ok(!logs.includes(canary) && !logs.includes(tempValue), 'a secret reached the log');
    // Every table of the store.
    const store = await f.app.store();
    const tables = (await store.db.introspection.getTables()).map((t) => t.name);
    for (const table of tables) {
      const rows = await store.db
        .selectFrom(table as 'auditLog')
        .selectAll()
        .execute();
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes(canary) && !dump.includes(tempValue), `a secret reached table ${table}`);
    }
    assert.equal((await verifyAuditChain(store)).ok, true);
  });

  test('search and re-enable after a verified change', async () => {
    const helpdesk = await f.as('commander');
    const found = (await call(helpdesk, 'GET', `/api/campaigns/${f.campaignId}/identities?q=jd`)).json() as {
      identities: Array<{ key: string }>;
    };
    assert.deepEqual(
      found.identities.map((i) => i.key),
      ['u-1'],
    );
    await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/verifications`, {
      directory: 'cloud',
      identityKey: 'u-1',
      method: 'in-person',
      evidence: 'photo ID checked at the desk',
      outcome: 'verified',
    });
    const enabled = await call(helpdesk, 'POST', `/api/campaigns/${f.campaignId}/enable`, {
      directory: 'cloud',
      identityKey: 'u-1',
    });
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.equal(f.applied.at(-1)?.kind, 'enable');
  });
});

test('the OpenAPI document lists every route with its permission', async () => {
  const doc = (await f.server.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { 'x-permission': string }>>;
  };
  for (const route of consoleRoutes) {
    const entry = doc.paths[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
    assert.equal(entry?.['x-permission'], route.permission, route.url);
  }
});
