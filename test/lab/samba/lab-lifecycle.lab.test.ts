// up, down and reset on a throwaway lab (its own folder, DC on 127.0.0.4 without s3fs/winbindd),
// so the shared lab other test files use is never stopped. Down must leave no samba process
// behind; reset must give an empty domain (what a test added is gone) with svc-reclaim working.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { labDown, labReset } from '../../../src/lab/samba/lab-down.ts';
import { withLabLock } from '../../../src/lab/samba/lab-lock.ts';
import { SECOND_LAB_SERVICES } from '../../../src/lab/samba/lab-settings.ts';
import { labStatus } from '../../../src/lab/samba/lab-status.ts';
import { labUp } from '../../../src/lab/samba/lab-up.ts';
import { labDir, readLabInfo, readLabPassword } from '../../../src/lab/samba/lab-info.ts';
import { withLabClient } from '../../../src/lab/samba/lab-ldap-client.ts';
import { sidToString } from '../../../src/lab/samba/sid-string.ts';
import { probeDc } from '../../../src/lab/samba/wait-ready.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-lab-lifecycle-'));
const env = { ...process.env, RECLAIM_LAB_DIR: dir };

// Provisioning takes 6 s on a quiet machine and minutes on a busy one. When the shared lab kept
// its fresh-domain snapshot, start from a copy of it (with its password files): the fixup of
// paths, address and certificate on restore is then tested too. Otherwise provision.
const mainFresh = join(labDir(), 'snapshots', 'fresh-dc1-127.0.0.1.tar');
const fromSnapshot = existsSync(mainFresh);
if (fromSnapshot) {
  cpSync(join(labDir(), 'secrets'), join(dir, 'secrets'), { recursive: true });
  mkdirSync(join(dir, 'snapshots'));
  copyFileSync(mainFresh, join(dir, 'snapshots', 'fresh-dc1-127.0.0.4.tar'));
}

// The CLI itself is exercised for `status`; the other steps call the same functions in-process,
// because each CLI start costs seconds on a busy machine.
function reclaim(...args: string[]): Record<string, any> {
  const r = spawnSync(process.execPath, ['bin/reclaim.mjs', 'lab', ...args, '--json'], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const quiet = () => undefined;
const up = (overrides = {}) => withLabLock(dir, () => labUp(dir, overrides, quiet));

function sessionMembers(leader: number): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[0] !== 'Z' && Number(fields[3]) === leader; // zombies have exited (pid 1 reaps them)
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function domainSid(): Promise<string> {
  const info = readLabInfo(dir);
  const bind = {
    url: info.dcs[0]!.url,
    caFile: info.caFile,
    bindName: info.operator.upn,
    password: readLabPassword(info.operator),
  };
  return withLabClient(bind, async (c) => {
    const { searchEntries } = await c.search(info.baseDn, {
      scope: 'base',
      attributes: ['objectSid'],
      explicitBufferAttributes: ['objectSid'],
    });
    return sidToString(searchEntries[0]!.objectSid as Buffer);
  });
}

function adminBind() {
  const info = readLabInfo(dir);
  return {
    url: info.dcs[0]!.url,
    caFile: info.caFile,
    bindName: info.admin.upn,
    password: readLabPassword(info.admin),
  };
}
const marker = () => `OU=lifecycle-marker,${readLabInfo(dir).baseDn}`;
async function markerExists(): Promise<boolean> {
  return withLabClient(adminBind(), async (c) => {
    const { searchEntries } = await c.search(readLabInfo(dir).baseDn, {
      scope: 'one',
      filter: '(ou=lifecycle-marker)',
      attributes: ['1.1'],
    });
    return searchEntries.length === 1;
  });
}

after(() => {
  spawnSync(process.execPath, ['bin/reclaim.mjs', 'lab', 'down'], { env });
  rmSync(dir, { recursive: true, force: true });
});

test('a throwaway lab goes up, down (every process gone), survives kill -9 of samba and resets to an empty domain', async () => {
  const first = await up({ ip: '127.0.0.4', services: SECOND_LAB_SERVICES });
  assert.equal(first.provisioned, true);
  assert.equal(first.restoredFresh, fromSnapshot);
  assert.ok(first.pid > 0);
  assert.equal(readLabInfo(dir).dcs[0]!.url, 'ldaps://127.0.0.4:636');
  const sid = await domainSid(); // svc-reclaim binds on the fresh domain
  assert.equal(reclaim('status').running, true);

  const down = await labDown(dir);
  assert.equal(down.wasRunning, true);
  assert.deepEqual(sessionMembers(first.pid), []);
  assert.equal((await labStatus(dir)).running, false);
  const info = readLabInfo(dir);
  assert.equal(
    await probeDc({
      url: info.dcs[0]!.url,
      caFile: info.caFile,
      bindName: info.admin.upn,
      password: readLabPassword(info.admin),
    }),
    false,
  );

  const again = await up(); // the address and services are remembered in lab.json
  assert.equal(again.provisioned, false);
  assert.notEqual(again.pid, first.pid);
  assert.equal(await domainSid(), sid, 'same domain after a restart');

  // kill -9 of samba's root process: `up` stops the orphaned workers and starts a new DC.
  process.kill(again.pid, 'SIGKILL');
  const recovered = await up();
  assert.equal(recovered.alreadyRunning, false);
  assert.notEqual(recovered.pid, again.pid);
  assert.deepEqual(sessionMembers(again.pid), []);
  assert.equal(await domainSid(), sid);

  await withLabClient(adminBind(), (c) => c.add(marker(), { objectClass: ['top', 'organizationalUnit'] }));
  assert.equal(await markerExists(), true);
  const reset = await labReset(dir, {}, quiet);
  assert.equal(reset.down.wasRunning, true);
  assert.equal(reset.up.provisioned, true);
  assert.equal(reset.up.restoredFresh, true, 'from the fresh-domain snapshot, not a second provision');
  assert.equal(await markerExists(), false, 'an empty domain after reset');
  assert.equal(await domainSid(), sid, 'svc-reclaim works again (same SID: the fresh snapshot)');
  assert.ok(existsSync(join(dir, 'ca', 'ca.pem')));
});
