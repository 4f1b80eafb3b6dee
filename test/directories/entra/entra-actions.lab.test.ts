// The Entra connector against the Graph emulator, through @azure/identity and the Graph client:
// each action's effect is read back from the emulator's own state, not from what the client saw.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ActionSpec } from '../../../src/core/action.ts';
import type { ReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import { Secret } from '../../../src/core/secret.ts';
import { startEntraLab, type EntraLab } from './entra-lab-fixture.ts';

let lab: EntraLab;
before(async () => {
  lab = await startEntraLab({});
});
after(async () => {
  await lab?.stop();
});
beforeEach(() => lab.emulator.control.reset());

const user = (upnPrefix: string) => {
  const u = lab.emulator.control.listUsers().find((x) => String(x.props.userPrincipalName).startsWith(upnPrefix));
  if (!u) throw new Error(`no seeded user ${upnPrefix}`);
  return u;
};
const act = (kind: ActionSpec['kind'], key: string, params?: ActionSpec['params']): ActionSpec => ({
  kind,
  directory: 'entra-lab',
  identity: { directory: 'entra-lab', key, name: key },
  ...(params ? { params } : {}),
});
const code = (expected: string) => (e: unknown) => (e as ReclaimError).code === expected;

describe('Entra connector: actions read back from the tenant', () => {
  it('requireChange sets forceChangePasswordNextSignIn (and the MFA variant), safely twice', async () => {
    const d = lab.directory();
    const u = user('cloud.user001');
    await d.apply(act('requireChange', u.id));
    await d.apply(act('requireChange', u.id));
    assert.equal(lab.emulator.control.getUser(u.id)?.hidden.forceChangePasswordNextSignIn, true);
    assert.equal(
      (await d.readCredentialState({ directory: 'entra-lab', key: u.id, name: 'x' })).mustChangePassword,
      true,
    );
    const v = user('cloud.user002');
    await d.apply(act('requireChange', v.id, { withMfa: true }));
    assert.equal(lab.emulator.control.getUser(v.id)?.hidden.forceChangePasswordNextSignInWithMfa, true);
  });

  it('resetPassword sets the engine-given password: the new one works, the old one does not', async () => {
    const d = lab.directory();
    const u = user('cloud.user003');
    assert.equal(lab.emulator.control.verifyPassword(u.id, 'Lab-Cloud-003!'), true);
    const password = new Secret('Rc!9-unique-Reset-7731');
    const applied = await d.apply(act('resetPassword', u.id, { mustChange: true }), { password });
    assert.equal(lab.emulator.control.verifyPassword(u.id, 'Rc!9-unique-Reset-7731'), true);
    assert.equal(lab.emulator.control.verifyPassword(u.id, 'Lab-Cloud-003!'), false);
    assert.equal(lab.emulator.control.getUser(u.id)?.hidden.forceChangePasswordNextSignIn, true);
    assert.ok(!JSON.stringify(applied).includes('Rc!9-unique-Reset-7731'));
  });

  it('disable then enable, read back; no GET precedes the PATCH', async () => {
    const d = lab.directory();
    const u = user('cloud.user004');
    lab.emulator.control.clearRequestLog();
    await d.apply(act('disable', u.id));
    assert.deepEqual(
      lab.emulator.control.requestLog().map((e) => e.method),
      ['PATCH'],
    );
    assert.equal(lab.emulator.control.getUser(u.id)?.props.accountEnabled, false);
    await d.apply(act('disable', u.id));
    await d.apply(act('enable', u.id));
    assert.equal(lab.emulator.control.getUser(u.id)?.props.accountEnabled, true);
  });

  it('revokeSessions moves signInSessionsValidFromDateTime forward', async () => {
    const d = lab.directory();
    const u = user('cloud.user005');
    const beforeIso = String(lab.emulator.control.getUser(u.id)?.props.signInSessionsValidFromDateTime);
    lab.emulator.control.advanceClock(60_000);
    await d.apply(act('revokeSessions', u.id));
    const afterIso = String(lab.emulator.control.getUser(u.id)?.props.signInSessionsValidFromDateTime);
    assert.ok(Date.parse(afterIso) > Date.parse(beforeIso), `${afterIso} after ${beforeIso}`);
  });

  it('an unknown identity is IDENTITY_NOT_FOUND', async () => {
    const d = lab.directory();
    await assert.rejects(d.apply(act('disable', '00000000-0000-0000-0000-0000000000ff')), code('IDENTITY_NOT_FOUND'));
    await assert.rejects(
      d.apply(act('revokeSessions', '00000000-0000-0000-0000-0000000000ff')),
      code('IDENTITY_NOT_FOUND'),
    );
    assert.equal(
      (await d.readCredentialState({ directory: 'entra-lab', key: '00000000-0000-0000-0000-0000000000ff', name: 'x' }))
        .exists,
      false,
    );
  });

  it('refusals become catalog codes: admin target without the role, synced user, weak password', async () => {
    const plain = lab.directory(['reclaim']);
    await assert.rejects(plain.apply(act('requireChange', user('ga.alice').id)), code('INSUFFICIENT_RIGHTS'));
    assert.equal(lab.emulator.control.getUser(user('ga.alice').id)?.hidden.forceChangePasswordNextSignIn, false);
    const d = lab.directory();
    await assert.rejects(
      d.apply(act('resetPassword', user('hybrid.fixture1').id), { password: new Secret('Rc!9-unique-Reset-7732') }),
      code('IDENTITY_MASTERED_ON_PREMISES'),
    );
    await assert.rejects(
      d.apply(act('resetPassword', user('cloud.user006').id), { password: new Secret('abc') }),
      code('PASSWORD_POLICY_REJECTED'),
    );
    assert.equal(lab.emulator.control.verifyPassword(user('cloud.user006').id, 'Lab-Cloud-006!'), true);
  });

  it('a 504 after the write was applied is OUTCOME_UNKNOWN; the read-back shows it applied; the retry is harmless', async () => {
    const d = lab.directory();
    const u = user('cloud.user007');
    lab.emulator.control.injectFault({ method: 'PATCH', path: `^/users/${u.id}$`, status: 504, afterApply: true });
    await assert.rejects(d.apply(act('requireChange', u.id)), code('OUTCOME_UNKNOWN'));
    const state = await d.readCredentialState({ directory: 'entra-lab', key: u.id, name: 'x' });
    assert.equal(state.mustChangePassword, true);
    const patches = lab.emulator.control
      .requestLog()
      .filter((e) => e.method === 'PATCH' && e.path === `/users/${u.id}`);
    assert.equal(patches.length, 1, 'the client library did not retry the write on its own');
    await d.apply(act('requireChange', u.id));
    assert.equal(lab.emulator.control.getUser(u.id)?.hidden.forceChangePasswordNextSignIn, true);
  });

  it('a 429 on a single write is waited out (Retry-After) and applied once', async () => {
    const d = lab.directory();
    const u = user('cloud.user008');
    lab.emulator.control.injectFault({ method: 'PATCH', path: `^/users/${u.id}$`, status: 429, retryAfterSeconds: 1 });
    await d.apply(act('disable', u.id));
    assert.equal(lab.emulator.control.getUser(u.id)?.props.accountEnabled, false);
    const statuses = lab.emulator.control
      .requestLog()
      .filter((e) => e.method === 'PATCH' && e.path === `/users/${u.id}`)
      .map((e) => e.status);
    assert.deepEqual(statuses, [429, 204]);
  });

  it('a read-only directory refuses every write before sending it', async () => {
    const d = lab.directory(['reclaim-privileged'], { readOnly: true });
    const u = user('cloud.user009');
    await assert.rejects(d.apply(act('disable', u.id)), code('NOT_SUPPORTED'));
    assert.equal(lab.emulator.control.getUser(u.id)?.props.accountEnabled, true);
    assert.deepEqual(d.supports, []);
  });

  it('a wrong client secret is SERVICE_ACCOUNT_LOGON_FAILED with the AADSTS reason; a certificate credential works', async () => {
    const bad = lab.directory(['reclaim'], { secretOverride: 'not-the-secret' });
    await assert.rejects(
      bad.readCredentialState({ directory: 'entra-lab', key: user('cloud.user010').id, name: 'x' }),
      (e: unknown) => {
        assert.equal((e as ReclaimError).code, 'SERVICE_ACCOUNT_LOGON_FAILED');
        assert.match((e as Error).message, /AADSTS7000215/);
        assert.ok(!(e as Error).message.includes('not-the-secret'));
        return true;
      },
    );
    const byCert = lab.directory(['reclaim-privileged'], { credential: 'certificate' });
    await byCert.apply(act('disable', user('cloud.user010').id));
    assert.equal(lab.emulator.control.getUser(user('cloud.user010').id)?.props.accountEnabled, false);
  });

  it('without an authority the public cloud would be asked for a token: the loopback guard refuses it, DIRECTORY_UNAVAILABLE', async () => {
    const { createEntraDirectory } = await import('../../../src/app/directories/create-entra-directory.ts');
    const app = lab.emulator.apps.find((a) => a.name === 'reclaim') as { clientId: string; clientSecret: string };
    const d = createEntraDirectory(
      {
        id: 'public-cloud',
        kind: 'entra',
        tenantId: lab.emulator.tenantId,
        clientId: app.clientId,
        clientSecret: 'env:S',
        graphBaseUrl: lab.emulator.url,
        readOnly: true,
        extraApps: [],
        maxConcurrency: 1,
      },
      { env: { S: app.clientSecret } },
    );
    try {
      await assert.rejects(
        d.readCredentialState({ directory: 'public-cloud', key: user('cloud.user001').id, name: 'x' }),
        (e: unknown) => {
          assert.equal((e as ReclaimError).code, 'DIRECTORY_UNAVAILABLE');
          assert.match((e as Error).message, /login\.microsoftonline\.com/);
          return true;
        },
      );
      assert.equal(
        lab.emulator.control.requestLog().filter((e) => e.path.startsWith('/users/')).length,
        0,
        'no Graph call without a token',
      );
    } finally {
      await d.close();
    }
  });
});
