// `reclaim assess` on the lab, through the CLI: after triage and discovery it prints the readiness
// findings (severity, count of the population, sample, remedy) in text and in --json, computed from
// what discovery read from the DC: two users whose password never expires, one disabled user, and
// (from the config's readiness inputs) a VPN on the domain password for every enabled user.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ReadinessFinding } from '../../src/core/readiness/assess-readiness.ts';
import { createUser, type CreatedUser } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';

let env: CampaignLab;
let neverExpires: CreatedUser[];
let disabled: CreatedUser;

before(async () => {
  env = await startCampaignLab({ users: 3, extraConfig: 'readiness: { vpnUsesDomainPassword: true }' });
  neverExpires = [
    await createUser(env.admin, env.ouDn, { uac: 0x10200 }),
    await createUser(env.admin, env.ouDn, { uac: 0x10200 }),
  ];
  disabled = await createUser(env.admin, env.ouDn, { uac: 514 });
  writeFileSync(join(env.dir, 'answers.yaml'), 'indicators:\n  adDatabaseStaged: true\nknownCompromisedAccounts: []\n');
});
after(async () => {
  await env?.close();
});

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', env.configFile, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECLAIM_OPERATOR: 'alice' },
  });

describe('reclaim assess', () => {
  it('prints the readiness findings of the discovered snapshot, in text and --json', () => {
    for (const step of [['triage', '--answers', join(env.dir, 'answers.yaml')], ['discover']]) {
      const r = cli(step);
      assert.equal(r.status, 0, `${step[0]}: ${r.stderr}`);
    }
    const json = cli(['assess', '--json']);
    assert.equal(json.status, 0, json.stderr);
    const result = JSON.parse(json.stdout) as {
      byDirectory: Record<string, { identities: number }>;
      readiness: ReadinessFinding[];
    };
    assert.equal(result.byDirectory['lab-ad']?.identities, 7, 'the six users of the OU, and krbtgt from CN=Users');
    const finding = (id: string) => result.readiness.find((f) => f.id === id);

    const nev = finding('password-never-expires');
    assert.ok(nev, 'the never-expiring passwords are a finding');
    assert.equal(nev.severity, 'medium');
    assert.equal(nev.count, 2);
    assert.equal(nev.total, 5, 'of the enabled users');
    assert.deepEqual(nev.sample.map((s) => s.replace(/^lab-ad:/, '')).sort(), neverExpires.map((u) => u.sam).sort());
    assert.match(nev.remedy, /never expires/);

    assert.equal(finding('disabled-accounts')?.count, 1);
    assert.deepEqual(finding('disabled-accounts')?.sample, [`lab-ad:${disabled.sam}`]);
    assert.equal(finding('vpn-domain-password')?.count, 5, 'the config says the VPN takes the domain password');
    assert.equal(finding('vpn-domain-password')?.severity, 'high');

    const text = cli(['assess']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /lab-ad: 7 identities, 5 enabled/);
    assert.match(text.stdout, /\[MEDIUM\] Accounts whose password never expires: 2 of 5 \(40 %\)/);
    assert.match(text.stdout, /\[HIGH\] Users of a VPN that authenticates with the domain password: 5 of 5/);
    assert.ok(text.stdout.includes(neverExpires[0]!.sam), 'the sample names the users');
    assert.match(text.stdout, /remedy: Clear the flag where possible/);
  });
});
