// `lab up` on a running lab is a no-op (same samba pid, nothing reprovisioned), `lab status`
// reports it running, and lab.json honours the shared contract.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { labDir, readLabInfo } from '../../../src/lab/samba/lab-info.ts';
import { probeDc } from '../../../src/lab/samba/wait-ready.ts';
import { readLabPassword } from '../../../src/lab/samba/lab-info.ts';

function reclaim(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/reclaim.mjs', ...args], { encoding: 'utf8', env: process.env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test('lab.json follows the contract and the passwords are private', () => {
  const info = readLabInfo();
  assert.equal(info.labDir, labDir());
  assert.equal(info.realm, 'LAB.EXAMPLE');
  assert.equal(info.netbiosDomain, 'LAB');
  assert.equal(info.baseDn, 'DC=lab,DC=example');
  assert.match(info.dcs[0]!.url, /^ldaps:\/\/127\.0\.0\.\d+:636$/);
  for (const file of [info.caFile, info.krb5Conf, info.admin.passwordFile, info.operator.passwordFile])
    assert.ok(existsSync(file), file);
  for (const account of [info.admin, info.operator]) assert.equal(statSync(account.passwordFile).mode & 0o077, 0);
});

test('a second `lab up` is a no-op: same pid, already running', async () => {
  const before = reclaim('lab', 'status', '--json');
  assert.equal(before.running, true);
  const up = reclaim('lab', 'up', '--json') as { alreadyRunning: boolean; pid: number; provisioned: boolean };
  assert.equal(up.alreadyRunning, true);
  assert.equal(up.provisioned, false);
  assert.equal(up.pid, before.pid);
  const after = reclaim('lab', 'status', '--json') as { running: boolean; pid: number; users: number };
  assert.equal(after.pid, before.pid);
  assert.ok(after.users >= 3, 'Administrator, Guest, krbtgt at least');
});

test('the DC answers LDAPS verified against the lab CA, and refuses a wrong password', async () => {
  const info = readLabInfo();
  const dc = info.dcs[0]!;
  assert.equal(
    await probeDc({
      url: dc.url,
      caFile: info.caFile,
      bindName: info.admin.upn,
      password: readLabPassword(info.admin),
    }),
    true,
  );
  assert.equal(
    await probeDc({ url: dc.url, caFile: info.caFile, bindName: info.admin.upn, password: 'wrong-Password1' }),
    false,
  );
});
