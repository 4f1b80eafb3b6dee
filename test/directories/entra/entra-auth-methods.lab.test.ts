// Temporary Access Pass and deletion of authentication methods against the Graph emulator.
// SAFETY under test: a TAP is handed to the caller once, inside a Secret, and appears nowhere else.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import type { ActionSpec } from '../../../src/core/action.ts';
import type { Secret } from '../../../src/core/secret.ts';
import { startEntraLab, type EntraLab } from './entra-lab-fixture.ts';

let lab: EntraLab;
before(async () => {
  lab = await startEntraLab({});
});
after(async () => {
  await lab?.stop();
});
beforeEach(() => lab.emulator.control.reset());

const user = (prefix: string) => lab.emulator.control.listUsers().find((u) => String(u.props.userPrincipalName).startsWith(prefix)) as { id: string };
const act = (kind: ActionSpec['kind'], key: string, params?: ActionSpec['params']): ActionSpec => ({
  kind, directory: 'entra-lab', identity: { directory: 'entra-lab', key, name: key }, ...(params ? { params } : {}),
});

describe('Entra connector: Temporary Access Pass', () => {
  it('is returned once through onSecret and appears in no log, fact, error or printed form (canary)', async () => {
    const d = lab.directory();
    const u = user('cloud.user011');
    const secrets: Secret[] = [];
    const applied = await d.apply(act('issueTap', u.id, { lifetimeMinutes: 60, isUsableOnce: true }), { onSecret: (s) => secrets.push(s) });
    assert.equal(secrets.length, 1);
    const tap = (secrets[0] as Secret).reveal();
    assert.ok(tap.length >= 8);
    const state = lab.emulator.control.getUser(u.id);
    assert.ok(state?.hidden.tap, 'the pass exists in the tenant');
    assert.equal(applied.facts?.tapId, state?.hidden.tap?.id);
    assert.equal(applied.facts?.isUsableOnce, true);
    for (const [where, text] of [
      ['applied', JSON.stringify(applied)],
      ['request log', JSON.stringify(lab.emulator.control.requestLog())],
      ['tenant state', JSON.stringify(state)],
      ['printed secret', `${String(secrets[0])} ${JSON.stringify(secrets[0])} ${inspect(secrets[0])}`],
    ] as const) {
      assert.ok(!text.includes(tap), `the TAP leaked into the ${where}`);
    }
  });

  it('a second pass replaces the first; without anyone to show it to, none is issued', async () => {
    const d = lab.directory();
    const u = user('cloud.user012');
    await d.apply(act('issueTap', u.id), { onSecret: () => undefined });
    const first = lab.emulator.control.getUser(u.id)?.hidden.tap?.id;
    await d.apply(act('issueTap', u.id), { onSecret: () => undefined });
    const second = lab.emulator.control.getUser(u.id)?.hidden.tap?.id;
    assert.ok(first && second && first !== second);
    const v = user('cloud.user013');
    await assert.rejects(d.apply(act('issueTap', v.id)), (e: unknown) => (e as { code?: string }).code === 'USAGE_INVALID');
    assert.equal(lab.emulator.control.getUser(v.id)?.hidden.tap, undefined);
  });
});

describe('Entra connector: delete authentication methods (high assurance)', () => {
  it('removes every method but the password (here a pass the operator app may delete); twice is safe', async () => {
    const d = lab.directory();
    const u = user('cloud.user004'); // registered nothing
    await d.apply(act('issueTap', u.id), { onSecret: () => undefined });
    assert.ok(lab.emulator.control.getUser(u.id)?.hidden.tap, 'a pass to delete');
    const applied = await d.apply(act('deleteAuthMethods', u.id));
    assert.equal(applied.facts?.methodsDeleted, 1);
    assert.equal(applied.facts?.deletedTypes, 'temporaryAccessPass');
    assert.deepEqual(lab.emulator.control.getUser(u.id)?.hidden.methods.map((m) => m.odataType), ['passwordAuthenticationMethod']);
    assert.equal(lab.emulator.control.getUser(u.id)?.hidden.tap, undefined);
    const again = await d.apply(act('deleteAuthMethods', u.id));
    assert.equal(again.facts?.methodsDeleted, 0);
  });

  it('without UserAuthenticationMethod.ReadWrite.All the app is refused with INSUFFICIENT_RIGHTS and nothing is removed', async () => {
    const d = lab.directory();
    const u = user('cloud.user001');
    const before = lab.emulator.control.getUser(u.id)?.hidden.methods.map((m) => m.odataType);
    await assert.rejects(d.apply(act('deleteAuthMethods', u.id)), (e: unknown) => (e as { code?: string }).code === 'INSUFFICIENT_RIGHTS');
    assert.deepEqual(lab.emulator.control.getUser(u.id)?.hidden.methods.map((m) => m.odataType), before);
  });

  it('an unknown identity is IDENTITY_NOT_FOUND', async () => {
    await assert.rejects(lab.directory().apply(act('deleteAuthMethods', '00000000-0000-0000-0000-0000000000ff')), (e: unknown) => (e as { code?: string }).code === 'IDENTITY_NOT_FOUND');
  });
});
