// `lab seed` policy, on a throwaway lab (own folder, DC on 127.0.0.7): the same N/seed again is a
// no-op; another N resets the domain first; going back to a size seen before restores its snapshot.
// The shared lab is only read (a second `lab seed` there must leave samba's pid unchanged).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { labDown } from '../../../src/lab/samba/lab-down.ts';
import { labDir, readLabInfo, readLabPassword } from '../../../src/lab/samba/lab-info.ts';
import { withLabClient } from '../../../src/lab/samba/lab-ldap-client.ts';
import { withLabLock } from '../../../src/lab/samba/lab-lock.ts';
import { SECOND_LAB_SERVICES } from '../../../src/lab/samba/lab-settings.ts';
import { labSeed } from '../../../src/lab/seed/lab-seed.ts';
import type { SeedManifest } from '../../../src/lab/seed/seed-manifest.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-seed-lifecycle-'));
const overrides = { ip: '127.0.0.7', services: SECOND_LAB_SERVICES };
const quiet = () => undefined;
const seed = (users: number) => withLabLock(dir, () => labSeed(dir, { users, seed: 3 }, overrides, quiet));

// Start from the shared lab's fresh-domain snapshot when it has one (provisioning is slow on a busy machine).
const mainFresh = join(labDir(), 'snapshots', 'fresh-dc1-127.0.0.1.tar');
if (existsSync(mainFresh)) {
  cpSync(join(labDir(), 'secrets'), join(dir, 'secrets'), { recursive: true });
  mkdirSync(join(dir, 'snapshots'));
  copyFileSync(mainFresh, join(dir, 'snapshots', 'fresh-dc1-127.0.0.7.tar'));
}

after(async () => {
  await labDown(dir);
  rmSync(dir, { recursive: true, force: true });
});

async function accountCount(): Promise<number> {
  const info = readLabInfo(dir);
  const bind = {
    url: info.dcs[0]!.url,
    caFile: info.caFile,
    bindName: info.admin.upn,
    password: readLabPassword(info.admin),
  };
  return withLabClient(bind, async (c) => {
    const { searchEntries } = await c.search(`OU=Corp,${info.baseDn}`, {
      scope: 'sub',
      filter: '(objectClass=user)',
      attributes: ['1.1'],
      paged: { pageSize: 1000 },
    });
    return searchEntries.length;
  });
}

test('same seed: no-op; other size: reset then seed; a size seen before: restored from its snapshot', async () => {
  const first = await seed(100);
  assert.equal(first.action, 'seeded');
  assert.equal(first.apply?.accounts, 100);
  const manifest = JSON.parse(readFileSync(first.manifestFile, 'utf8')) as SeedManifest;
  const inCorp = manifest.accounts.filter((a) => a.dn.endsWith(manifest.operatorScopeDn)).length;
  assert.equal(await accountCount(), inCorp);

  assert.equal((await seed(100)).action, 'unchanged');

  const bigger = await seed(150);
  assert.equal(bigger.action, 'seeded');
  assert.equal(bigger.resetFirst, true, 'another organisation is never mixed into the first');
  assert.equal(
    await accountCount(),
    (JSON.parse(readFileSync(bigger.manifestFile, 'utf8')) as SeedManifest).accounts.filter((a) => a.inOperatorScope)
      .length,
  );

  const back = await seed(100);
  assert.equal(back.action, 'restored');
  assert.equal(await accountCount(), inCorp);
  assert.equal(readFileSync(back.manifestFile, 'utf8'), `${JSON.stringify(manifest, null, 1)}\n`);
});

test('a second `lab seed` on the shared lab is a no-op: same samba pid', () => {
  const env = { ...process.env };
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/reclaim.mjs', 'lab', ...args, '--json'], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const before = run('status');
  const r = run('seed');
  assert.equal(r.action, 'unchanged');
  assert.equal(run('status').pid, before.pid);
});
