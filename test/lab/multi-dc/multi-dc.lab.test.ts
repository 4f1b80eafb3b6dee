// Two replicating DCs (their own lab folder, 127.0.0.21/22): a reset wave spread over both, then
// one DC stopped (SIGTERM) and one frozen (SIGSTOP) mid-wave. Every action must complete, each
// account's password must be the one Reclaim recorded on BOTH DCs, and the unicodePwd replication
// stamp must be the same write everywhere.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'ldapts';
import type { IdentityRef } from '../../../src/core/identity.ts';
import { Secret } from '../../../src/core/secret.ts';
import { createMultiDcAdDirectory } from '../../../src/app/directories/create-multi-dc-ad-directory.ts';
import type { MultiDcAdDirectory } from '../../../src/directories/ad/multi-dc/multi-dc-ad-directory.ts';
import { waitConverged } from '../../../src/directories/ad/multi-dc/verify-everywhere.ts';
import { waitKeyEverywhere } from '../../../src/directories/ad/multi-dc/wait-key-everywhere.ts';
import { decodeGuid } from '../../../src/directories/ad/sid.ts';
import { sambaToolInNamespace } from '../../../src/lab/samba/multi-dc/multi-dc-process.ts';
import { readLabInfo, type LabInfo } from '../../../src/lab/samba/lab-info.ts';
import { multiDcDown } from '../../../src/lab/samba/multi-dc/multi-dc-down.ts';
import { multiDcLab, multiLabDir } from '../../../src/lab/samba/multi-dc/multi-dc-settings.ts';
import { forcePull, multiDcUp } from '../../../src/lab/samba/multi-dc/multi-dc-up.ts';
import { dcProcesses, runningPid, stopSamba } from '../../../src/lab/samba/samba-process.ts';
import {
  adminClient,
  createOu,
  createUser,
  labAdConfig,
  treeDelete,
  type CreatedUser,
} from '../../directories/ad/support/ad-test-lab.ts';
import { ldapBindSignIn } from '../../directories/ad/support/ldap-bind-sign-in.ts';
import { waitUsersEverywhere } from './support/wait-users-everywhere.ts';

const USERS = 24;
const dir = multiLabDir();
const lab = multiDcLab(dir, 2);
const dc2 = lab.dcs[1]!;
let info: LabInfo;
let admin: Client;
let ou: string;
let users: CreatedUser[] = [];
const refOf = (u: CreatedUser): IdentityRef => ({ directory: 'lab-ad', key: u.guid, name: u.sam, dn: u.dn });
const newPassword = () => `Mw!${randomBytes(12).toString('base64url')}7x`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(): MultiDcAdDirectory {
  // Short timeouts: a frozen DC must cost seconds, not the default 30 s.
  return createMultiDcAdDirectory(
    labAdConfig(info, { operationTimeoutMs: 3000, connectTimeoutMs: 2000, maxConcurrency: 4 }),
    { retryDownAfterMs: 500 },
  );
}

/** Resets every user with a fresh recorded password; `midWave` runs once `trigger` actions are done. */
async function wave(directory: MultiDcAdDirectory, midWave?: () => void, trigger = 6): Promise<Map<string, string>> {
  const recorded = new Map<string, string>();
  let done = 0;
  await Promise.all(
    users.map(async (u) => {
      const password = newPassword();
      recorded.set(u.guid, password); // "journaled" before the write, reused by every retry
      await directory.apply(
        { kind: 'resetPassword', directory: 'lab-ad', identity: refOf(u) },
        { password: new Secret(password) },
      );
      done += 1;
      if (done === trigger) midWave?.();
    }),
  );
  return recorded;
}

/** Every account shows the same unicodePwd write on both DCs, and its recorded password binds on both. */
async function assertEverywhere(directory: MultiDcAdDirectory, recorded: Map<string, string>): Promise<void> {
  for (const u of users) {
    const c = await waitConverged(() => directory.stampsEverywhere(refOf(u)), 'unicodePwd', {
      timeoutMs: 30_000,
      pollMs: 200,
    });
    assert.equal(c.converged, true, `${u.sam}: ${JSON.stringify(c.dcs)}`);
    for (const dc of info.dcs) {
      const r = await ldapBindSignIn(dc.url, info.caFile, `${u.sam}@lab.example`, recorded.get(u.guid)!);
      assert.equal(r.code, 'OK', `${u.sam} on ${dc.url}: ${r.message}`);
    }
  }
}

describe('two DCs', { timeout: 600_000 }, () => {
  before(async () => {
    await multiDcUp(dir, 2, () => undefined);
    info = readLabInfo(dir);
    admin = await adminClient(info);
    ou = await createOu(admin, `OU=Corp,${info.baseDn}`, 'multi-dc');
    users = [];
    for (let i = 0; i < USERS; i += 1) users.push(await createUser(admin, ou));
    await waitUsersEverywhere(info, ou, users.length);
  });

  after(async () => {
    for (const pid of runningPid(dc2.paths) ? dcProcesses(runningPid(dc2.paths)!) : []) process.kill(pid, 'SIGCONT');
    if (ou) await treeDelete(admin, ou);
    await admin?.unbind().catch(() => undefined);
    await multiDcDown(dir, 2);
  });

  it('spreads a reset wave over both DCs, each identity on its own DC, replicated everywhere', async () => {
    const directory = open();
    try {
      const recorded = await wave(directory);
      const spread = [...directory.applied.values()];
      assert.equal(spread.length, 2, `both DCs took writes: ${JSON.stringify([...directory.applied])}`);
      assert.equal(
        spread.reduce((a, b) => a + b, 0),
        USERS,
      );
      for (const u of users) {
        const c = await waitConverged(() => directory.stampsEverywhere(refOf(u)), 'unicodePwd', {
          timeoutMs: 30_000,
          pollMs: 200,
        });
        // the write originated on the identity's home DC
        const home = directory.router.home(u.guid);
        const homeView = (await directory.stampsEverywhere(refOf(u))).find((v) => v.url === home)!;
        assert.equal(c.reference?.originatingInvocationId, homeView.unicodePwd?.originatingInvocationId);
      }
      await assertEverywhere(directory, recorded);
    } finally {
      await directory.close();
    }
  });

  it('a DC stopped (SIGTERM) mid-wave: its identities move, nothing lost or doubled, it catches up after restart', async () => {
    const directory = open();
    try {
      let stopping: Promise<boolean> | undefined;
      const recorded = await wave(directory, () => (stopping = stopSamba(dc2.paths)));
      await stopping;
      assert.equal(directory.health().find((h) => h.url.includes(dc2.settings.ip))?.up, false, 'dc2 marked down');
      assert.equal(
        [...directory.applied.values()].reduce((a, b) => a + b, 0),
        USERS,
        'one success per action',
      );
      await multiDcUp(dir, 2, () => undefined); // restarts dc2 only
      await assertEverywhere(directory, recorded);
      assert.equal(await directory.probe(`ldaps://${dc2.settings.ip}:636`), true, 'dc2 rejoins once healthy');
    } finally {
      await directory.close();
    }
  });

  it('a DC frozen (SIGSTOP) mid-wave: timed-out writes are retried elsewhere with the same password, and the late ones change nothing', async () => {
    const directory = open();
    const leader = runningPid(dc2.paths)!;
    const members = dcProcesses(leader);
    const signal = (sig: NodeJS.Signals) =>
      members.forEach((pid) => {
        try {
          process.kill(pid, sig);
        } catch {
          /* gone */
        }
      });
    try {
      const recorded = await wave(directory, () => signal('SIGSTOP'));
      assert.equal(directory.health().find((h) => h.url.includes(dc2.settings.ip))?.up, false, 'dc2 marked down');
      signal('SIGCONT');
      await sleep(1500); // the frozen DC executes the writes it had queued: same passwords
      await assertEverywhere(directory, recorded);
    } finally {
      signal('SIGCONT');
      await directory.close();
    }
  });

  it('krbtgt: the key of a reset is known to wait until every DC holds it (inbound replication held back on the other DC)', async () => {
    const directory = createMultiDcAdDirectory(labAdConfig(info, { operationTimeoutMs: 10_000 }, 'admin'));
    const adminPassword = readFileSync(info.admin.passwordFile, 'utf8').trim();
    const { searchEntries } = await admin.search(`CN=krbtgt,CN=Users,${info.baseDn}`, {
      scope: 'base',
      attributes: ['objectGUID'],
      explicitBufferAttributes: ['objectGUID'],
    });
    const ref: IdentityRef = {
      directory: 'lab-ad',
      key: decodeGuid(searchEntries[0]!.objectGUID as Buffer),
      name: 'krbtgt',
    };
    // the DC that does NOT write krbtgt (its home is the other) is the one held back
    const home = directory.router.pick(ref.key);
    const writer = lab.dcs.find((d) => home.includes(`//${d.settings.ip}:`))!;
    const other = lab.dcs.find((d) => d !== writer)!;
    const drsOption = (option: string) =>
      sambaToolInNamespace(lab.nsDir, `drs options ${option}`, [
        'drs',
        'options',
        other.settings.ip,
        `--dsa-option=${option}`,
        '-U',
        'LAB\\Administrator',
        `--password=${adminPassword}`,
        '--use-kerberos=off',
      ]);
    try {
      drsOption('+DISABLE_INBOUND_REPL');
      let applied;
      try {
        applied = await directory.apply(
          { kind: 'resetKrbtgt', directory: 'lab-ad', identity: ref },
          { password: new Secret(newPassword()) },
        );
        const kvno = Number(applied.facts?.keyVersionNumberAfter);
        const held = await waitKeyEverywhere((r) => directory.stampsEverywhere(r), ref, kvno, { timeoutMs: 3000 });
        assert.equal(
          held.everywhere,
          false,
          `${other.settings.hostName} cannot have the key yet: ${JSON.stringify(held.dcs)}`,
        );
      } finally {
        drsOption('-DISABLE_INBOUND_REPL');
      }
      const kvno = Number(applied.facts?.keyVersionNumberAfter);
      // re-enabling does not trigger a pull (gotcha 10): force one from whichever DC made the write
      forcePull(lab, adminPassword, other, writer);
      const ready = await waitKeyEverywhere((r) => directory.stampsEverywhere(r), ref, kvno, { timeoutMs: 30_000 });
      assert.equal(ready.everywhere, true, JSON.stringify(ready.dcs));
      assert.deepEqual(
        ready.dcs.map((d) => d.kvno),
        [kvno, kvno],
      );
    } finally {
      await directory.close();
    }
  });
});
