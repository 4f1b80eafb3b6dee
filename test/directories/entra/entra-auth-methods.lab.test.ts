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
  // quota windows 100x shorter; the connector paces method calls at 5 per 0.1 s to match
  lab = await startEntraLab({ timeScale: 0.01 });
});
after(async () => {
  await lab?.stop();
});
beforeEach(() => lab.emulator.control.reset());

const methodsQuota = { requests: 5, windowMs: 100 };
const user = (prefix: string) =>
  lab.emulator.control.listUsers().find((u) => String(u.props.userPrincipalName).startsWith(prefix)) as { id: string };
const act = (kind: ActionSpec['kind'], key: string, params?: ActionSpec['params']): ActionSpec => ({
  kind,
  directory: 'entra-lab',
  identity: { directory: 'entra-lab', key, name: key },
  ...(params ? { params } : {}),
});

describe('Entra connector: Temporary Access Pass', () => {
  it('is returned once through onSecret and appears in no log, fact, error or printed form (canary)', async () => {
    const d = lab.directory();
    const u = user('cloud.user011');
    const secrets: Secret[] = [];
    const applied = await d.apply(act('issueTap', u.id, { lifetimeMinutes: 60, isUsableOnce: true }), {
      onSecret: (s) => secrets.push(s),
    });
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
    await assert.rejects(
      d.apply(act('issueTap', v.id)),
      (e: unknown) => (e as { code?: string }).code === 'USAGE_INVALID',
    );
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
    assert.deepEqual(
      lab.emulator.control.getUser(u.id)?.hidden.methods.map((m) => m.odataType),
      ['passwordAuthenticationMethod'],
    );
    assert.equal(lab.emulator.control.getUser(u.id)?.hidden.tap, undefined);
    const again = await d.apply(act('deleteAuthMethods', u.id));
    assert.equal(again.facts?.methodsDeleted, 0);
  });

  it('without UserAuthenticationMethod.ReadWrite.All the app is refused with INSUFFICIENT_RIGHTS and nothing is removed', async () => {
    const d = lab.directory();
    const u = user('cloud.user001');
    const before = lab.emulator.control.getUser(u.id)?.hidden.methods.map((m) => m.odataType);
    await assert.rejects(
      d.apply(act('deleteAuthMethods', u.id)),
      (e: unknown) => (e as { code?: string }).code === 'INSUFFICIENT_RIGHTS',
    );
    assert.deepEqual(
      lab.emulator.control.getUser(u.id)?.hidden.methods.map((m) => m.odataType),
      before,
    );
  });

  it('deletes in the order Graph accepts: the alternate mobile before the mobile, the default method last', async () => {
    const [id] = lab.emulator.control.seedUsers([
      {
        userPrincipalName: 'order@reclaimlab.onmicrosoft.com',
        methods: ['mobilePhone', 'microsoftAuthenticatorPush', 'alternateMobilePhone', 'officePhone', 'fido2'],
      },
    ]);
    lab.emulator.control.clearRequestLog();
    const d = lab.directory(['reclaim-methods'], { tuning: { methodsQuota } });
    const applied = await d.apply(act('deleteAuthMethods', id!));
    assert.equal(applied.facts?.methodsDeleted, 5);
    assert.deepEqual(
      lab.emulator.control.getUser(id!)?.hidden.methods.map((m) => m.odataType),
      ['passwordAuthenticationMethod'],
    );
    const deletes = lab.emulator.control.requestLog().filter((r) => r.method === 'DELETE');
    assert.deepEqual(
      deletes.map((r) => r.status),
      [204, 204, 204, 204, 204],
      'no refusal: the order was right the first time',
    );
    assert.deepEqual(
      deletes.map((r) => r.path.split('/').at(-2)),
      ['fido2Methods', 'phoneMethods', 'phoneMethods', 'phoneMethods', 'microsoftAuthenticatorMethods'],
    );
    assert.deepEqual(
      deletes.slice(1, 4).map((r) => r.path.split('/').at(-1)),
      [
        'b6332ec1-7057-4abe-9331-3d72feddfe41',
        'e37fc753-ff3b-4958-9484-eaa9425c82bc',
        '3179e48a-750b-4051-897c-87b9720928f7',
      ],
      'alternate mobile, office, then mobile',
    );
    assert.equal(
      lab.emulator.control.requestLog().filter((r) => r.status === 429).length,
      0,
      'paced under 5 calls per window',
    );
  });

  it('a removal interrupted part-way fails (never reported done) and a retry finishes it; a method that will not go is METHODS_REMAIN', async () => {
    const [id] = lab.emulator.control.seedUsers([
      {
        userPrincipalName: 'partial@reclaimlab.onmicrosoft.com',
        methods: ['microsoftAuthenticatorPush', 'mobilePhone', 'fido2'],
      },
    ]);
    const d = lab.directory(['reclaim-methods'], { tuning: { methodsQuota } });
    // Graph keeps failing the phone deletions (the client's own retries included)
    lab.emulator.control.injectFault({ method: 'DELETE', path: 'phoneMethods', status: 503, times: 20 });
    await assert.rejects(
      d.apply(act('deleteAuthMethods', id!)),
      (e: unknown) => (e as { code?: string }).code === 'OUTCOME_UNKNOWN',
    );
    const left = lab.emulator.control.getUser(id!)?.hidden.methods.map((m) => m.odataType);
    assert.deepEqual(
      left,
      ['passwordAuthenticationMethod', 'microsoftAuthenticatorAuthenticationMethod', 'phoneAuthenticationMethod'],
      'fido2 removed, the rest left',
    );
    lab.emulator.control.clearFaults();
    const resumed = await d.apply(act('deleteAuthMethods', id!));
    assert.equal(resumed.facts?.deletedTypes, 'phone,microsoftAuthenticator');
    assert.deepEqual(
      lab.emulator.control.getUser(id!)?.hidden.methods.map((m) => m.odataType),
      ['passwordAuthenticationMethod'],
    );
    // a kind the connector cannot delete stays, and the action says so instead of reporting done
    const [stuck] = lab.emulator.control.seedUsers([
      { userPrincipalName: 'stuck@reclaimlab.onmicrosoft.com', methods: ['fido2', 'qrCodePin'] },
    ]);
    await assert.rejects(
      d.apply(act('deleteAuthMethods', stuck!)),
      (e: unknown) =>
        (e as { code?: string; message?: string }).code === 'METHODS_REMAIN' && /qrCodePin/.test((e as Error).message),
    );
    assert.deepEqual(
      lab.emulator.control.getUser(stuck!)?.hidden.methods.map((m) => m.odataType),
      ['passwordAuthenticationMethod', 'qrCodePinAuthenticationMethod'],
    );
  });

  it('an unknown identity is IDENTITY_NOT_FOUND', async () => {
    await assert.rejects(
      lab.directory().apply(act('deleteAuthMethods', '00000000-0000-0000-0000-0000000000ff')),
      (e: unknown) => (e as { code?: string }).code === 'IDENTITY_NOT_FOUND',
    );
  });
});
