// A campaign through the application (the same use cases the CLI calls) on the two-DC lab: the
// config lists both DCs, so the app routes each identity to its own DC. Checks, from the directory:
// the resets were spread over both DCs (the originating DC of each unicodePwd write, from its
// replication metadata, is the DC the journal recorded); `verify --per-dc` counts every applied write
// on every DC with a lag per DC; and the second krbtgt reset is refused until both DCs hold the
// first one's key (inbound replication held back on the DC that did not write it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'ldapts';
import { appliedWrites } from '../../../src/app/campaign/applied-writes.ts';
import { approvePlan } from '../../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../../src/app/campaign/discover-directories.ts';
import { krbtgtReset, krbtgtStatus } from '../../../src/app/campaign/krbtgt-steps.ts';
import { makePlan } from '../../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../../src/app/campaign/run-campaign.ts';
import { verifyListed } from '../../support/verify-listed.ts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { MultiDcAdDirectory } from '../../../src/directories/ad/multi-dc/multi-dc-ad-directory.ts';
import { waitConverged } from '../../../src/directories/ad/multi-dc/verify-everywhere.ts';
import { readLabInfo, type LabInfo } from '../../../src/lab/samba/lab-info.ts';
import { multiDcDown } from '../../../src/lab/samba/multi-dc/multi-dc-down.ts';
import { readDsaIds, sambaToolInNamespace } from '../../../src/lab/samba/multi-dc/multi-dc-process.ts';
import { multiDcLab, multiLabDir, type MultiDc } from '../../../src/lab/samba/multi-dc/multi-dc-settings.ts';
import { forcePull, multiDcUp } from '../../../src/lab/samba/multi-dc/multi-dc-up.ts';
import { ldapChange } from '../../../src/directories/ad/ldap-change.ts';
import {
  adminClient,
  createOu,
  createUser,
  treeDelete,
  type CreatedUser,
} from '../../directories/ad/support/ad-test-lab.ts';
import { waitUsersEverywhere } from './support/wait-users-everywhere.ts';
import { proven } from '../../support/proven-operator.ts';

const USERS = 16;
const labFolder = multiLabDir();
const lab = multiDcLab(labFolder, 2);
let info: LabInfo;
let admin: Client;
let ou: string;
let users: CreatedUser[] = [];
let dir: string;
let campaignId: string;
const apps: App[] = [];

/** `+DISABLE_INBOUND_REPL` holds replication into `dc` back; `-DISABLE_INBOUND_REPL` lets it in again. */
function dsaOption(dc: MultiDc, option: string): void {
  const password = readFileSync(info.admin.passwordFile, 'utf8').trim();
  sambaToolInNamespace(lab.nsDir, `drs options ${option}`, [
    'drs',
    'options',
    dc.settings.ip,
    `--dsa-option=${option}`,
    '-U',
    'LAB\\Administrator',
    `--password=${password}`,
    '--use-kerberos=off',
  ]);
}

function app(operator: string): App {
  const a = createApp({ configFile: join(dir, 'reclaim.yaml'), operator, env: process.env });
  apps.push(a);
  return a;
}

describe('a campaign on two DCs', { timeout: 600_000 }, () => {
  before(async () => {
    await multiDcUp(labFolder, 2, () => undefined);
    info = readLabInfo(labFolder);
    admin = await adminClient(info);
    ou = await createOu(admin, `OU=Corp,${info.baseDn}`, 'multi-dc-campaign');
    users = [];
    for (let i = 0; i < USERS; i += 1) users.push(await createUser(admin, ou));
    await waitUsersEverywhere(info, ou, users.length);
    dir = mkdtempSync(join(tmpdir(), 'reclaim-multi-dc-'));
    writeFileSync(join(dir, 'password-key'), `mdc-${Math.random().toString(36).slice(2)}-0123456789abcdefghijklmnop`, {
      mode: 0o600,
    });
    // The administrator (krbtgt is outside the operator's delegated OU); the krbtgt object is a
    // base DN of its own so discovery finds it. Ticket lifetime ~0: only replication holds step 2.
    writeFileSync(
      join(dir, 'reclaim.yaml'),
      [
        'campaign: { name: "two DCs" }',
        `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
        'directories:',
        '  - id: lab-ad',
        '    kind: ad',
        `    urls: [${info.dcs.map((d) => `"${d.url}"`).join(', ')}]`,
        `    baseDns: ["${ou}", "CN=krbtgt,CN=Users,${info.baseDn}"]`,
        `    bindDn: "${info.admin.upn}"`,
        `    password: "file:${info.admin.passwordFile}"`,
        `    caFile: "${info.caFile}"`,
        '    maxConcurrency: 4',
        `engine: { passwordKey: "file:${join(dir, 'password-key')}", leaseSeconds: 10 }`,
        'krbtgt: { maxTicketLifetimeHours: 0.0001, replicationHours: 0 }',
      ].join('\n'),
    );
  });

  after(async () => {
    await Promise.all(apps.map((a) => a.close()));
    if (ou) await treeDelete(admin, ou);
    await admin?.unbind().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
    await multiDcDown(labFolder, 2);
  });

  it('spreads the resets over both DCs, each written where the journal says, and verify --per-dc sees every write on every DC', async () => {
    const alice = app('alice');
    const recorded = await recordTriage(alice, {
      answers: {
        indicators: { adDatabaseExfiltrated: { answer: true, evidence: 'ntds.dit copied off DC01' } },
        knownCompromisedAccounts: [],
      },
    });
    campaignId = recorded.campaignId;
    assert.equal(recorded.decision.krbtgtDoubleReset.value, true);
    await discoverDirectories(alice, { campaignId });
    const saved = await makePlan(await proven(alice), { campaignId });
    assert.equal(saved.plan.krbtgt.length, 2, 'the krbtgt double reset is planned');
    await approvePlan(await proven(app('bob')), { campaignId });
    const directory = alice.directories().get('lab-ad');
    assert.ok(directory instanceof MultiDcAdDirectory, 'a directory with two urls is the several-DC directory');
    const run = await runCampaign(alice, { campaignId, allWaves: true });
    assert.equal(run.summary.stoppedBy, 'done');

    const writes = (await appliedWrites(await alice.store(), campaignId, { kinds: ['resetPassword'] })).filter((w) =>
      users.some((u) => u.guid === w.identityKey),
    );
    assert.equal(writes.length, USERS, 'one applied reset per user');
    const perDc = new Map<string, number>();
    for (const w of writes) perDc.set(w.dc ?? 'none', (perDc.get(w.dc ?? 'none') ?? 0) + 1);
    assert.deepEqual(
      [...perDc.keys()].sort(),
      info.dcs.map((d) => d.url).sort(),
      `both DCs took writes: ${JSON.stringify([...perDc])}`,
    );
    // The write each DC originated carries that DC's invocationId in the replication metadata.
    const invocation = new Map(lab.dcs.map((dc) => [`ldaps://${dc.settings.ip}:636`, readDsaIds(dc).invocationId]));
    for (const w of writes) {
      const c = await waitConverged(
        () => directory.stampsEverywhere({ directory: 'lab-ad', key: w.identityKey, name: w.identityName }),
        'unicodePwd',
        { timeoutMs: 30_000, pollMs: 200 },
      );
      assert.equal(c.converged, true, `${w.identityName}: ${JSON.stringify(c.dcs)}`);
      assert.equal(
        c.reference?.originatingInvocationId,
        invocation.get(w.dc!),
        `${w.identityName} was written on ${w.dc}`,
      );
    }

    const verified = await verifyListed(alice, { campaignId, perDc: { waitMs: 30_000 } });
    const replication = verified.perDc?.directories.find((d) => d.directory === 'lab-ad');
    assert.ok(replication, JSON.stringify(verified.perDc));
    assert.equal(replication.checked, USERS);
    assert.deepEqual(replication.dcs.map((d) => d.url).sort(), info.dcs.map((d) => d.url).sort());
    for (const dc of replication.dcs) {
      assert.equal(dc.shows, USERS, JSON.stringify(dc));
      assert.equal(dc.notYet + dc.unreadable, 0, JSON.stringify(dc));
      assert.ok(dc.lag.maxMs !== null && dc.lag.p95Ms !== null && dc.lag.p95Ms <= dc.lag.maxMs, JSON.stringify(dc.lag));
    }

    // With several DCs, verification reads every DC even without --per-dc.
    const plain = await verifyListed(alice, { campaignId });
    assert.deepEqual(plain.perDc?.directories[0]?.notEverywhere, []);
    assert.deepEqual(replication.notEverywhere, []);

    // The command: --json carries the same per-DC counts; the text names every DC. Exit 0: every user
    // was reset by Reclaim (contained, awaiting their owner: the old password is dead), and every DC
    // shows every write.
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [
          'bin/reclaim.mjs',
          '--config',
          join(dir, 'reclaim.yaml'),
          'verify',
          '--campaign',
          campaignId,
          '--per-dc',
          '--as',
          'alice',
          ...args,
        ],
        { encoding: 'utf8' },
      );
    const json = cli('--json');
    assert.equal(json.status, 0, json.stderr);
    const shown = JSON.parse(json.stdout) as {
      reset: unknown[];
      missed: unknown[];
      perDc: { directories: Array<{ checked: number; dcs: Array<{ url: string; shows: number; notYet: number }> }> };
    };
    assert.deepEqual(
      shown.perDc.directories[0]!.dcs.map((d) => [d.shows, d.notYet]),
      [
        [USERS, 0],
        [USERS, 0],
      ],
    );
    assert.deepEqual(
      [shown.reset.length, shown.missed.length],
      [USERS, 0],
      'reset by Reclaim, awaiting their owner: none missed',
    );
    const text = cli();
    for (const dc of info.dcs)
      assert.match(
        text.stdout,
        new RegExp(`${dc.url.replace(/[.]/g, '\\.')}: shows ${USERS}/${USERS}, not yet 0`),
        text.stdout,
      );
  });

  it("krbtgt: status shows the key version per DC, and the second reset is refused until both DCs hold the first one's key", async () => {
    const alice = app('alice');
    const adminPassword = readFileSync(info.admin.passwordFile, 'utf8').trim();
    const initial = await krbtgtStatus(alice, { campaignId });
    const account = initial.accounts[0]!;
    assert.equal(account.next, 'first');
    assert.equal(account.keyPerDc?.length, 2, JSON.stringify(account));
    const kvno0 = account.keyPerDc![0]!.kvno!;
    assert.deepEqual(
      account.keyPerDc!.map((d) => d.kvno),
      [kvno0, kvno0],
    );
    // the DC that does NOT write krbtgt is held back
    const directory = alice.directories().get('lab-ad') as MultiDcAdDirectory;
    const home = directory.router.pick(account.key);
    const writer = lab.dcs.find((d) => home.includes(`//${d.settings.ip}:`))!;
    const other = lab.dcs.find((d) => d !== writer)!;
    const otherUrl = `ldaps://${other.settings.ip}:636`;
    const drsOption = (option: string) => dsaOption(other, option);
    drsOption('+DISABLE_INBOUND_REPL');
    try {
      const first = await krbtgtReset(alice, { campaignId });
      assert.equal(first.step, 1);
      assert.equal(first.summary?.applied, 1);
      const afterFirst = (await krbtgtStatus(alice, { campaignId })).accounts[0]!;
      assert.equal(afterFirst.next, 'second');
      assert.equal(
        afterFirst.keyPerDc!.find((d) => d.url === home)?.kvno,
        kvno0 + 1,
        JSON.stringify(afterFirst.keyPerDc),
      );
      assert.equal(
        afterFirst.keyPerDc!.find((d) => d.url === otherUrl)?.kvno,
        kvno0,
        JSON.stringify(afterFirst.keyPerDc),
      );
      await new Promise((r) => setTimeout(r, 1000)); // past the (tiny) ticket lifetime: only replication holds it
      await assert.rejects(
        krbtgtReset(alice, { campaignId, replicationWaitMs: 2000 }),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'TOO_EARLY');
          assert.match(e.message, new RegExp(`${otherUrl.replace(/[.]/g, '\\.')} has key version ${kvno0}\\b`));
          return true;
        },
      );
      const stillFirst = (await krbtgtStatus(alice, { campaignId })).accounts[0]!;
      assert.equal(stillFirst.states.step2, 'not started', 'nothing of the second reset was written');
      assert.equal(stillFirst.keyPerDc!.find((d) => d.url === home)?.kvno, kvno0 + 1);
    } finally {
      drsOption('-DISABLE_INBOUND_REPL');
    }
    forcePull(lab, adminPassword, other, writer); // re-enabling does not trigger a pull (gotcha 10)
    const second = await krbtgtReset(alice, { campaignId, replicationWaitMs: 30_000 });
    assert.equal(second.step, 2);
    assert.equal(second.summary?.applied, 1);
    const done = (await krbtgtStatus(alice, { campaignId })).accounts[0]!;
    assert.equal(done.next, 'done');
    assert.equal(done.keyPerDc!.find((d) => d.url === home)?.kvno, kvno0 + 2);
  });
  it('verify marks a person verified only once every DC shows the write (inbound replication held back on one DC)', async () => {
    const alice = app('alice');
    const adminPassword = readFileSync(info.admin.passwordFile, 'utf8').trim();
    const writes = (await appliedWrites(await alice.store(), campaignId, { kinds: ['resetPassword'] })).filter((w) =>
      users.some((u) => u.guid === w.identityKey),
    );
    const held = lab.dcs[1]!;
    const heldUrl = `ldaps://${held.settings.ip}:636`;
    const target = writes.find((w) => w.dc !== heldUrl)!; // written on the other DC
    const user = users.find((u) => u.guid === target.identityKey)!;
    const writer = lab.dcs.find((d) => target.dc === `ldaps://${d.settings.ip}:636`)!;
    const drsOption = (option: string) => dsaOption(held, option);
    const stateOf = async () =>
      (
        await (
          await alice.store()
        ).db
          .selectFrom('actions')
          .select('state')
          .where('id', '=', target.actionId)
          .executeTakeFirstOrThrow()
      ).state;
    drsOption('+DISABLE_INBOUND_REPL');
    try {
      // The person's password changes on the DC that wrote it (a helpdesk reset, not must-change):
      // the identity's own DC shows a change since T0, the held-back DC does not have it.
      const writerAdmin = await adminClient({ ...info, dcs: [info.dcs.find((d) => d.url === target.dc)!] });
      try {
        await writerAdmin.modify(user.dn, [
          ldapChange('replace', 'unicodePwd', Buffer.from(`"Hd!${Date.now()}xQ"`, 'utf16le')),
          ldapChange('replace', 'pwdLastSet', '-1'),
        ]);
      } finally {
        await writerAdmin.unbind().catch(() => undefined);
      }
      const result = await verifyListed(alice, { campaignId, perDc: { waitMs: 2000 } });
      assert.ok(
        !result.missed.some((m) => m.key === user.guid),
        `${user.sam} changed on its own DC: ${JSON.stringify(result.missed.filter((m) => m.key === user.guid))}`,
      );
      const lab1 = result.perDc!.directories[0]!;
      assert.deepEqual(
        lab1.notEverywhere.filter((n) => n.key === user.guid).map((n) => n.lacking),
        [[heldUrl]],
      );
      assert.equal(await stateOf(), 'applied', 'not verified while a DC lacks the write');
    } finally {
      drsOption('-DISABLE_INBOUND_REPL');
    }
    forcePull(lab, adminPassword, held, writer);
    const caughtUp = await verifyListed(alice, { campaignId, perDc: { waitMs: 30_000 } });
    assert.deepEqual(caughtUp.perDc!.directories[0]!.notEverywhere, []);
    assert.equal(await stateOf(), 'verified');
  });
});
