// SAFETY property: an action whose worker died after journaling 'apply-start' is never re-applied
// blindly. The next worker reads the ground truth first: an applied write is recorded as applied
// without a second write; an unapplied reset is applied with the SAME derived password; a krbtgt
// key is never rolled twice.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ActionPasswords, krbtgtPassword } from '../../src/engine/action-passwords.ts';
import { runActions } from '../../src/engine/run-actions.ts';
import { claimActions } from '../../src/store/actions/claim-actions.ts';
import { readJournal } from '../../src/store/actions/read-journal.ts';
import { transitionAction } from '../../src/store/actions/transition-action.ts';
import { MemoryDirectory } from './support/a-memory-directory.ts';
import {
  anEngineFixture,
  campaignKey,
  fastRun,
  planActions,
  runDeps,
  statesOf,
  type EngineFixture,
} from './support/engine-fixture.ts';

const unlimited = { concurrency: 4, ratePerSecond: Infinity, burst: 1 };
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A worker that claims everything, journals apply-start, writes to `written` of them, and dies. */
async function crashedWorker(
  f: EngineFixture,
  ad: MemoryDirectory,
  written: (index: number) => boolean,
): Promise<void> {
  const passwords = new ActionPasswords(() => campaignKey, f.campaignId);
  const claimed = await claimActions(f.store, {
    campaignId: f.campaignId,
    owner: 'dead-worker',
    limit: 1000,
    leaseMs: 40,
    now: new Date(),
  });
  for (const [i, action] of claimed.entries()) {
    const password =
      action.kind === 'resetPassword'
        ? await passwords.passwordFor(action.id, [action.identityName])
        : action.kind === 'resetKrbtgt'
          ? krbtgtPassword()
          : undefined;
    const state = await ad.readCredentialState({
      directory: ad.id,
      key: action.identityKey,
      name: action.identityName,
    });
    await transitionAction(f.store, {
      id: action.id,
      owner: 'dead-worker',
      from: 'claimed',
      to: 'claimed',
      event: 'apply-start',
      now: new Date(),
      details: action.kind === 'resetKrbtgt' ? { keyVersionNumberBefore: state.keyVersionNumber } : {},
      ...(password && action.kind === 'resetPassword'
        ? { secretFingerprint: await passwords.fingerprint(password) }
        : {}),
    });
    await new Promise((r) => setTimeout(r, 2));
    if (written(i)) {
      await ad.apply(
        {
          kind: action.kind as 'resetPassword',
          directory: ad.id,
          identity: { directory: ad.id, key: action.identityKey, name: action.identityName },
          params: action.params,
        },
        password ? { password } : {},
      );
    }
  }
  await new Promise((r) => setTimeout(r, 60)); // the dead worker's leases expire
}

describe('crash recovery', () => {
  it('a reset applied before the crash is recorded without a second write; the others get the same derived password once', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(12);
    const ids = await planActions(f, ad, 'resetPassword', { mustChange: false });
    await crashedWorker(f, ad, (i) => i % 2 === 0);
    const writtenBefore = ad.writes.length;
    assert.equal(writtenBefore, 6);

    const summary = await runActions(runDeps(f, [ad], { owner: 'worker-2' }), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(summary.applied, 12);
    assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 12 });
    const passwords = new ActionPasswords(() => campaignKey, f.campaignId);
    for (const [i, id] of ids.entries()) {
      const key = `corp-ad-key-${i}`;
      const resets = ad.writesTo(key, 'resetPassword');
      assert.equal(resets.length, 1, `user${i} reset exactly once`);
      assert.equal(
        resets[0]!.password,
        (await passwords.passwordFor(id, [`user${i}`])).reveal(),
        `user${i} got the derived password`,
      );
      const journal = await readJournal(f.store, id);
      assert.equal(journal.filter((e) => e.event === 'recovered').length, 1);
      assert.equal(journal.at(-1)!.event, i % 2 === 0 ? 'recovered-applied' : 'apply-ok');
    }
    const fingerprints = await f.store.db.selectFrom('actions').select('secretFingerprint').execute();
    assert.equal(
      new Set(fingerprints.map((r) => r.secretFingerprint)).size,
      12,
      'one fingerprint per action, kept across the crash',
    );
  });

  it('a krbtgt reset interrupted after the write is not reset a second time', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(2, 'krbtgt');
    await planActions(f, ad, 'resetKrbtgt');
    await crashedWorker(f, ad, (i) => i === 0);
    await runActions(runDeps(f, [ad], { owner: 'worker-2' }), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(ad.users.get('corp-ad-key-0')!.keyVersionNumber, 2, 'rolled once, not twice');
    assert.equal(ad.users.get('corp-ad-key-1')!.keyVersionNumber, 2, 'the unapplied one rolled once');
    assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 2 });
  });

  it('a write whose answer was lost (timeout after the write) is read back, not repeated', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(10);
    ad.fault = (spec, attempt) =>
      attempt === 1 && Number(spec.identity.key.split('-').at(-1)) % 3 === 0 ? 'apply-then-hang' : null;
    await planActions(f, ad, 'requireChange');
    const summary = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(summary.applied, 10);
    for (const user of ad.users.values()) assert.equal(ad.writesTo(user.key).length, 1, `${user.name} written once`);
  });

  it('a Temporary Access Pass whose outcome is unknown is never issued a second time', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(3);
    await planActions(f, ad, 'issueTap');
    await crashedWorker(f, ad, (i) => i === 0);
    await runActions(runDeps(f, [ad], { owner: 'worker-2' }), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    for (const user of ad.users.values()) assert.ok(ad.writesTo(user.key).length <= 1, `${user.name}: at most one TAP`);
    const rows = await f.store.db.selectFrom('actions').select(['state', 'lastErrorCode']).orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => r.lastErrorCode),
      ['OUTCOME_UNKNOWN', 'OUTCOME_UNKNOWN', 'OUTCOME_UNKNOWN'],
    );
  });
});
