// OIDC sign-in state in the store, the same on every dialect: a pending flow is taken once and
// not after it expires; allowing and withdrawing OIDC on an operator, withdrawing ending only the
// operator's OIDC sessions.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createOperator, findOperatorByUsername } from '../../../src/store/operators/create-operator.ts';
import { saveOidcFlow, takeOidcFlow } from '../../../src/store/operators/oidc-flows.ts';
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
    assert.equal(await takeOidcFlow(store(), unique('never-saved'), at(0)), undefined, 'an unknown state finds nothing');
  });

  it('OIDC is off for a new operator; withdrawing it ends only the OIDC sessions', async () => {
    const username = unique('operator');
    const op = await createOperator(store(), { username, displayName: 'Olga', role: 'commander', passwordHash: 'h', now: at(0) });
    assert.equal((await findOperatorByUsername(store(), username))?.oidcEnabledAt, null);
    await setOperatorOidc(store(), { username, enabled: true, now: at(1) });
    assert.equal((await findOperatorByUsername(store(), username))?.oidcEnabledAt, at(1).toISOString());
    const [byOidc, byPassword] = [unique('sso'), unique('pw')];
    await createSession(store(), { idHash: byOidc, operatorId: op.id, csrfTokenHash: 'c', ttlMs: 3_600_000, now: at(2), authMethod: 'oidc' });
    await createSession(store(), { idHash: byPassword, operatorId: op.id, csrfTokenHash: 'c', ttlMs: 3_600_000, now: at(2) });
    assert.equal((await findLiveSession(store(), byOidc, at(3)))?.authMethod, 'oidc');
    assert.equal((await findLiveSession(store(), byPassword, at(3)))?.authMethod, 'password');
    await setOperatorOidc(store(), { username, enabled: false, now: at(4) });
    assert.equal((await findOperatorByUsername(store(), username))?.oidcEnabledAt, null);
    assert.equal(await findLiveSession(store(), byOidc, at(5)), undefined, 'the OIDC session ended');
    assert.equal((await findLiveSession(store(), byPassword, at(5)))?.operatorId, op.id, 'the password session stays');
    await assert.rejects(setOperatorOidc(store(), { username: unique('nobody'), enabled: true, now: at(6) }), { code: 'NOT_FOUND' });
  });
}
