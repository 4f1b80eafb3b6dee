// ATTACKS on "no single person pushes a plan through", through the console's API:
// - the plan's author, signed in, cannot approve her own plan (SECOND_APPROVER_REQUIRED); a second
//   operator can, and approving again does not count twice;
// - a session opened by single sign-on (an IdP that may be the attacker's) neither approves nor
//   obtains a CLI token (PERMISSION_DENIED);
// - a CLI token from a password + TOTP session proves its operator to `reclaim approve` once: the
//   same token replayed is refused.
// The approvals and operator_tokens tables and the audit log are read back after each attempt.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { oidcStateCookie } from '../../src/server/oidc-routes.ts';
import { countDistinctApprovers } from '../../src/store/plans/record-approval.ts';
import type { ConsoleFixture, Signed } from '../server/support/console-fixture.ts';
import { startOidcConsole, type OidcConsole } from '../server/support/oidc-console-fixture.ts';

const redirectUrl = 'http://127.0.0.1:8080/api/oidc/callback';
let oc: OidcConsole;
let f: ConsoleFixture;

before(async () => {
  oc = await startOidcConsole(redirectUrl, ['commander-1']);
  f = oc.f;
  // the CLI checks tokens against the system clock: the console's clock starts from it
  f.clock.at = new Date();
});
after(async () => oc?.close());

function post(signed: Signed, url: string, payload: object = {}) {
  return f.server.inject({
    method: 'POST',
    url,
    cookies: { [sessionCookie]: signed.cookie },
    headers: { 'x-csrf-token': signed.csrf },
    payload,
  });
}

const approve = async (signed: Signed) => {
  const r = await post(signed, `/api/campaigns/${f.campaignId}/approve`, { versionId: f.versionId });
  return { status: r.statusCode, code: (r.json() as { error?: { code: string } }).error?.code ?? null };
};

async function signIn(username: string): Promise<Signed> {
  const r = await f.login(username);
  assert.ok(r.signed, JSON.stringify(r.body));
  return r.signed;
}

/** A console session opened by the OIDC round trip, with its CSRF token. */
async function singleSignOn(username: string): Promise<Signed> {
  const started = await f.server.inject({ method: 'GET', url: '/api/oidc/login' });
  const state = started.cookies.find((c) => c.name === oidcStateCookie)!.value;
  const back = await oc.idp.signIn(String(started.headers.location), username);
  const callback = await f.server.inject({
    method: 'GET',
    url: `/api/oidc/callback${back.search}`,
    cookies: { [oidcStateCookie]: state },
  });
  const cookie = callback.cookies.find((c) => c.name === sessionCookie && c.value !== '')?.value;
  assert.ok(
    cookie,
    `the OIDC sign-in of ${username} opened a session (${callback.statusCode} ${String(callback.headers.location)})`,
  );
  const session = await f.server.inject({ method: 'GET', url: '/api/session', cookies: { [sessionCookie]: cookie } });
  return { cookie, csrf: (session.json() as { csrfToken: string }).csrfToken };
}

async function approvals(): Promise<string[]> {
  const store = await f.app.store();
  return (
    await store.db
      .selectFrom('approvals')
      .select('approver')
      .where('planVersionId', '=', f.versionId)
      .orderBy('approver')
      .execute()
  ).map((a) => a.approver);
}

async function tokensIssued(): Promise<number> {
  const store = await f.app.store();
  return (await store.db.selectFrom('operatorTokens').select('tokenHash').execute()).length;
}

function reclaimApprove(token: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, RECLAIM_OPERATOR: 'alice', RECLAIM_OPERATOR_TOKEN: token };
  const r = spawnSync(
    process.execPath,
    [
      'bin/reclaim.mjs',
      '-c',
      join(f.dir, 'reclaim.yaml'),
      'approve',
      '--campaign',
      f.campaignId,
      '--version',
      f.versionId,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  return { status: r.status, code: /\b([A-Z][A-Z_]{3,})\b/.exec(r.stderr)?.[1] ?? null, stderr: r.stderr };
}

describe('approvals through the console API', () => {
  it('the author cannot approve her own plan; a second operator can, and approving twice counts once', async () => {
    assert.deepEqual(await approve(await signIn('alice')), { status: 409, code: 'SECOND_APPROVER_REQUIRED' });
    assert.deepEqual(await approvals(), []);
    const operator = await signIn('operator-1');
    assert.deepEqual(await approve(operator), { status: 200, code: null });
    assert.deepEqual(await approve(operator), { status: 200, code: null });
    assert.deepEqual(await approve(await signIn('operator-1')), { status: 200, code: null });
    assert.deepEqual(await approvals(), ['operator-1']);
    assert.equal(
      await countDistinctApprovers(await f.app.store(), f.versionId),
      1,
      'the apply guard counts one approver',
    );
  });

  it('a session opened by single sign-on neither approves nor obtains a CLI token', async () => {
    const sso = await singleSignOn('commander-1');
    const token = await post(sso, '/api/cli-token');
    assert.equal(token.statusCode, 403, token.body);
    assert.equal((token.json() as { error: { code: string } }).error.code, 'PERMISSION_DENIED');
    assert.equal(await tokensIssued(), 0);
    assert.deepEqual(await approve(sso), { status: 403, code: 'PERMISSION_DENIED' });
    assert.deepEqual(await approvals(), ['operator-1'], "the IdP's word approved nothing");
  });

  it('a token from a password + TOTP session approves once through the CLI; replayed, it is refused', async () => {
    const issued = await post(await signIn('commander-1'), '/api/cli-token', { purpose: 'approve plan' });
    assert.equal(issued.statusCode, 200, issued.body);
    assert.equal(issued.headers['cache-control'], 'no-store');
    const { token } = issued.json() as { token: string };
    const store = await f.app.store();
    assert.ok(
      !JSON.stringify(await store.db.selectFrom('operatorTokens').selectAll().execute()).includes(token),
      'only a hash of the token is stored',
    );

    const first = reclaimApprove(token);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(await approvals(), ['commander-1', 'operator-1']);
    const replay = reclaimApprove(token);
    assert.deepEqual([replay.status, replay.code], [4, 'AUTH_REQUIRED'], replay.stderr);
    assert.deepEqual(await approvals(), ['commander-1', 'operator-1']);
    const audit = await store.db
      .selectFrom('auditLog')
      .select(['actor', 'details'])
      .where('action', '=', 'plan.approve')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.actor, (JSON.parse(a.details) as { proof: string }).proof]),
      [
        // operator-1 approved three times (one session twice, then a second session): one approval,
        // one audit entry; the repeats changed nothing and audited nothing
        ['operator-1', 'console-session'],
        ['commander-1', 'cli-token'],
      ],
    );
  });
});
