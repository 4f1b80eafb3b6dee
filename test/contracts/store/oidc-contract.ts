// OIDC sign-in state in the store, the same on every dialect: a pending flow is taken once and
// not after it expires; allowing and withdrawing OIDC on an operator, withdrawing ending only the
// operator's OIDC sessions; the store-held switch, off ending every OIDC session of every operator
// and every pending flow (password sessions stay), audited in the same transaction.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createOperator, findOperatorByUsername } from '../../../src/store/operators/create-operator.ts';
import { saveOidcFlow, takeOidcFlow } from '../../../src/store/operators/oidc-flows.ts';
import {
  countOidcSessions,
  oidcSwitchKey,
  readOidcSwitch,
  setOidcSwitch,
} from '../../../src/store/operators/oidc-switch.ts';
import { createSession, findLiveSession } from '../../../src/store/operators/operator-sessions.ts';
import { setOperatorOidc } from '../../../src/store/operators/set-operator-oidc.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { at } from './store-fixtures.ts';

let n = 0;
const unique = (what: string) => `${what}-${process.pid}-${(n += 1)}`;

export function oidcContract(store: () => Store): void {
  it('a pending OIDC sign-in is taken once, and not once expired', async () => {
    const stateHash = unique('state');
    await saveOidcFlow(store(), { stateHash, nonce: 'n-1', codeVerifier: 'v-1', ttlMs: 600_000, now: at(0) });
    assert.deepEqual(await takeOidcFlow(store(), stateHash, at(10)), { nonce: 'n-1', codeVerifier: 'v-1' });
    assert.equal(await takeOidcFlow(store(), stateHash, at(11)), undefined, 'a second take finds nothing');
    const late = unique('state');
    await saveOidcFlow(store(), { stateHash: late, nonce: 'n-2', codeVerifier: 'v-2', ttlMs: 600_000, now: at(0) });
    assert.equal(await takeOidcFlow(store(), late, at(601)), undefined, 'an expired flow is refused');
    assert.equal(
      await takeOidcFlow(store(), unique('never-saved'), at(0)),
      undefined,
      'an unknown state finds nothing',
    );
  });

  it('OIDC is off for a new operator; withdrawing it ends only the OIDC sessions', async () => {
    const username = unique('operator');
    const op = await createOperator(store(), {
      username,
      displayName: 'Olga',
      role: 'commander',
      passwordHash: 'h',
      now: at(0),
    });
    assert.equal((await findOperatorByUsername(store(), username))?.oidcEnabledAt, null);
    await setOperatorOidc(store(), { username, enabled: true, now: at(1) });
    assert.equal((await findOperatorByUsername(store(), username))?.oidcEnabledAt, at(1).toISOString());
    const [byOidc, byPassword] = [unique('sso'), unique('pw')];
    await createSession(store(), {
      idHash: byOidc,
      operatorId: op.id,
      csrfTokenHash: 'c',
      ttlMs: 3_600_000,
      now: at(2),
      authMethod: 'oidc',
    });
    await createSession(store(), {
      idHash: byPassword,
      operatorId: op.id,
      csrfTokenHash: 'c',
      ttlMs: 3_600_000,
      now: at(2),
    });
    assert.equal((await findLiveSession(store(), byOidc, at(3)))?.authMethod, 'oidc');
    assert.equal((await findLiveSession(store(), byPassword, at(3)))?.authMethod, 'password');
    await setOperatorOidc(store(), { username, enabled: false, now: at(4) });
    assert.equal((await findOperatorByUsername(store(), username))?.oidcEnabledAt, null);
    assert.equal(await findLiveSession(store(), byOidc, at(5)), undefined, 'the OIDC session ended');
    assert.equal((await findLiveSession(store(), byPassword, at(5)))?.operatorId, op.id, 'the password session stays');
    await assert.rejects(setOperatorOidc(store(), { username: unique('nobody'), enabled: true, now: at(6) }), {
      code: 'NOT_FOUND',
    });
  });

  it('the OIDC switch: on by default; off ends every OIDC session and pending sign-in, audited; on again restores none', async () => {
    const [one, two] = [unique('op'), unique('op')];
    const a = await createOperator(store(), {
      username: one,
      displayName: 'A',
      role: 'commander',
      passwordHash: 'h',
      now: at(0),
    });
    const b = await createOperator(store(), {
      username: two,
      displayName: 'B',
      role: 'helpdesk',
      passwordHash: 'h',
      now: at(0),
    });
    const [ssoA, ssoB, pwA, pwB] = [unique('sso'), unique('sso'), unique('pw'), unique('pw')];
    await createSession(store(), {
      idHash: ssoA,
      operatorId: a.id,
      csrfTokenHash: 'c',
      ttlMs: 3_600_000,
      now: at(0),
      authMethod: 'oidc',
    });
    await createSession(store(), {
      idHash: ssoB,
      operatorId: b.id,
      csrfTokenHash: 'c',
      ttlMs: 3_600_000,
      now: at(0),
      authMethod: 'oidc',
    });
    await createSession(store(), { idHash: pwA, operatorId: a.id, csrfTokenHash: 'c', ttlMs: 3_600_000, now: at(0) });
    await createSession(store(), {
      idHash: pwB,
      operatorId: b.id,
      csrfTokenHash: 'c',
      ttlMs: 3_600_000,
      now: at(0),
      authMethod: 'password',
    });
    const pending = unique('state');
    await saveOidcFlow(store(), { stateHash: pending, nonce: 'n', codeVerifier: 'v', ttlMs: 600_000, now: at(0) });

    assert.deepEqual(
      await readOidcSwitch(store()),
      { on: true, changedAt: null, changedBy: null, reason: null },
      'on until someone switches it',
    );
    const live = await countOidcSessions(store(), at(1));
    assert.ok(live >= 2, `the dry-run count sees both OIDC sessions (${live})`);
    assert.equal(await countOidcSessions(store(), at(3601)), 0, 'expired sessions are not counted');

    const off = await setOidcSwitch(store(), {
      on: false,
      by: 'cmdr',
      source: 'cli',
      reason: 'IdP compromised',
      now: at(2),
    });
    assert.ok(off.endedSessions >= 2, `both OIDC sessions ended (${off.endedSessions})`);
    assert.ok(off.droppedSignIns >= 1, `the pending sign-in dropped (${off.droppedSignIns})`);
    assert.deepEqual(await readOidcSwitch(store()), {
      on: false,
      changedAt: at(2).toISOString(),
      changedBy: 'cmdr',
      reason: 'IdP compromised',
    });
    assert.equal(await findLiveSession(store(), ssoA, at(3)), undefined, "operator A's OIDC session ended");
    assert.equal(await findLiveSession(store(), ssoB, at(3)), undefined, "operator B's OIDC session ended");
    assert.equal((await findLiveSession(store(), pwA, at(3)))?.operatorId, a.id, "A's password session stays");
    assert.equal((await findLiveSession(store(), pwB, at(3)))?.operatorId, b.id, "B's password session stays");
    assert.deepEqual(
      await store().db.selectFrom('sessions').select('idHash').where('authMethod', '=', 'oidc').execute(),
      [],
      'no OIDC session is left at all',
    );
    assert.equal(await takeOidcFlow(store(), pending, at(3)), undefined, 'a sign-in started before cannot finish');
    assert.equal(await countOidcSessions(store(), at(3)), 0);
    const audit = await store()
      .db.selectFrom('auditLog')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.equal(audit.action, 'console.oidc.switch-off');
    assert.equal(audit.actor, 'cmdr');
    assert.deepEqual(JSON.parse(audit.details), {
      reason: 'IdP compromised',
      endedSessions: off.endedSessions,
      droppedSignIns: off.droppedSignIns,
    });

    assert.deepEqual(await setOidcSwitch(store(), { on: true, by: 'cmdr2', source: 'cli', now: at(4) }), {
      endedSessions: 0,
      droppedSignIns: 0,
    });
    assert.deepEqual(await readOidcSwitch(store()), {
      on: true,
      changedAt: at(4).toISOString(),
      changedBy: 'cmdr2',
      reason: null,
    });
    assert.equal(await findLiveSession(store(), ssoA, at(5)), undefined, 'switching on again restores no session');
    assert.equal(
      (
        await store()
          .db.selectFrom('auditLog')
          .select('action')
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).action,
      'console.oidc.switch-on',
    );
  });

  it('a damaged OIDC switch row reads as off (never as "go ahead")', async () => {
    await setOidcSwitch(store(), { on: true, by: 'cmdr', source: 'cli', now: at(0) });
    for (const value of ['not json', '"on"', '{"on":"true"}', '{}']) {
      await store().db.updateTable('settings').set({ value }).where('key', '=', oidcSwitchKey).execute();
      assert.equal((await readOidcSwitch(store())).on, false, `value ${value} reads as off`);
    }
    await setOidcSwitch(store(), { on: true, by: 'cmdr', source: 'cli', now: at(1) });
    assert.equal((await readOidcSwitch(store())).on, true);
  });
}
