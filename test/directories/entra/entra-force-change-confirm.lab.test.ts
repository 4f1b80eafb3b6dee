// A force change on a synced user is confirmed by reading passwordProfile back: Graph may answer 204
// and change nothing (the emulator's syncedForceChangePatch: 'ignore'), or refuse a federated user.
// Either way the action fails CHANGE_DID_NOT_STICK (not retryable), which the campaign turns into
// an AD admin reset; when the flag took, it is applied. Effects are read from the emulator's state.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ActionSpec } from '../../../src/core/action.ts';
import { isRetryable } from '../../../src/core/errors/error-catalog.ts';
import type { ReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import { startEntraLab, type EntraLab } from './entra-lab-fixture.ts';

let lab: EntraLab;
before(async () => {
  lab = await startEntraLab({});
});
after(async () => {
  await lab?.stop();
});
beforeEach(() => lab.emulator.control.reset());

const user = (upn: string) => lab.emulator.control.getUser(upn)!;
const force = (key: string, params: ActionSpec['params'] = { confirmForceChange: true }): ActionSpec => ({
  kind: 'requireChange',
  directory: 'entra-lab',
  identity: { directory: 'entra-lab', key, name: key },
  params,
});
const code = (expected: string) => (e: unknown) => (e as ReclaimError).code === expected;

describe('Entra connector: a force change on a synced user is read back', () => {
  it('applied when the flag took (with MFA when asked), on a synced and on a cloud-only user', async () => {
    const d = lab.directory(['reclaim']);
    const synced = user('hybrid.fixture1@lab.example');
    const applied = await d.apply(force(synced.id, { confirmForceChange: true, withMfa: true }));
    assert.equal(applied.facts?.forceChangeReadBack, true);
    assert.equal(user(synced.id).hidden.forceChangePasswordNextSignIn, true);
    assert.equal(user(synced.id).hidden.forceChangePasswordNextSignInWithMfa, true);
    const cloud = user('cloud.user001@reclaimlab.onmicrosoft.com');
    await d.apply(force(cloud.id));
    assert.equal(user(cloud.id).hidden.forceChangePasswordNextSignIn, true);
  });

  it('CHANGE_DID_NOT_STICK (not retryable) when Graph answers 204 and changes nothing', async () => {
    lab.emulator.control.updateSettings({ syncedForceChangePatch: 'ignore' });
    const d = lab.directory(['reclaim']);
    const synced = user('hybrid.fixture2@lab.example');
    await assert.rejects(d.apply(force(synced.id)), code('CHANGE_DID_NOT_STICK'));
    assert.equal(isRetryable('CHANGE_DID_NOT_STICK'), false);
    assert.equal(user(synced.id).hidden.forceChangePasswordNextSignIn, false);
    const patches = lab.emulator.control.requestLog().filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      patches.map((r) => r.status),
      [204],
      'Graph said yes; only the read-back tells',
    );
    // without the read-back the same write would have been reported applied
    await d.apply(force(synced.id, {}));
    assert.equal(user(synced.id).hidden.forceChangePasswordNextSignIn, false);
  });

  it('CHANGE_DID_NOT_STICK when Graph refuses the force change of a federated user', async () => {
    const d = lab.directory(['reclaim']);
    await assert.rejects(d.apply(force(user('fed.henry@fed.lab.example').id)), code('CHANGE_DID_NOT_STICK'));
  });
});
