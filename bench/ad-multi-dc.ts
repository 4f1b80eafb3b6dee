// `npm run bench -- ad-multi-dc [N] [--rounds R]`: N lab users (default 1,000) reset through the
// engine the way `reclaim run` runs it (a reclaim.yaml, SQLite store, triage, discovery, a plan by a
// proven author approved by two proven operators, then runCampaign over every wave: guard, claims,
// journal before and after each write), with the configuration listing both DCs (MultiDcAdDirectory,
// routing per identity) versus dc1 alone, side by side in one run on the two-DC lab.
//   admin resets: high assurance (SSPR abused), so every user gets helpdeskReset: a password write
//     (unicodePwd, must change), the DC's most expensive operation (key derivation);
//   must-change: a standard-assurance reset (pwdLastSet=0, the uac check batched).
// The same operations in flight on both sides: the two-DC side runs the default configuration (32 per
// DC, 4 connections each: 64 in all); the one-DC side gets those 64 on its single DC (more in flight
// than the default, which can only help the baseline). R rounds (default 2), the order of the sides
// alternated; mean rates. Each run reports accepted/s (runCampaign's wall time, waves materialised
// included) and /s until every DC holds every write (replPropertyMetaData), read back from both DCs.
// Beside them, in every round, the DCs' own limit: the same resets from a script (raw LDAP, the same
// operations in flight, no engine) over one DC and over two. And where the CPU goes: each DC's
// samba processes and this process, per write, until every DC holds it (a write costs CPU on the
// DC that takes it and on the one it replicates to), with the rate the machine's cores could give
// at that cost: on a machine whose cores the DCs and the engine share, that ceiling, not the
// number of DCs, bounds what two DCs can do.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvePlan } from '../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../src/app/campaign/discover-directories.ts';
import { importPlan, makePlan, savedPlan } from '../src/app/campaign/make-plan.ts';
import { recordTriage } from '../src/app/campaign/record-triage.ts';
import { runCampaign } from '../src/app/campaign/run-campaign.ts';
import { createApp, type App } from '../src/app/create-app.ts';
import type { IdentityRef } from '../src/core/identity.ts';
import type { Plan } from '../src/core/planning/plan.ts';
import type { TriageAnswers } from '../src/core/triage/decide-triage.ts';
import {
  ATTID,
  parseReplPropertyMetaData,
  sameWrite,
  stampOf,
  type ReplStamp,
} from '../src/directories/ad/multi-dc/repl-property-metadata.ts';
import { ldapChange } from '../src/directories/ad/ldap-change.ts';
import { decodeGuid } from '../src/directories/ad/sid.ts';
import { readLabInfo, type LabInfo } from '../src/lab/samba/lab-info.ts';
import { multiLabDir } from '../src/lab/samba/multi-dc/multi-dc-settings.ts';
import { multiDcUp } from '../src/lab/samba/multi-dc/multi-dc-up.ts';
import { treeDeleteControl } from '../test/directories/ad/support/ad-test-lab.ts';
import { waitUsersEverywhere } from '../test/lab/multi-dc/support/wait-users-everywhere.ts';
import { proven } from '../test/support/proven-operator.ts';
import { inLanes } from './support/bench-ou.ts';
import { adminClients } from './support/campaign-ou.ts';
import { numberArg } from './support/number-arg.ts';
import { machineCores, selfCpuSeconds, treeCpuSeconds } from './support/process-cpu.ts';

const n = Number(process.argv.slice(2).find((a, i, args) => /^\d+$/.test(a) && !/^--/.test(args[i - 1] ?? '')) ?? 1000);
const lanes = 8;
const rounds = Math.max(1, numberArg('--rounds', 2));
/** operations in flight per DC in the default configuration (ad.maxConcurrency) */
const perDc = 64;
/** a normal enabled account; nothing in the bench changes it */
const CREATED_UAC = 512;
const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = multiLabDir();

log(`bringing up the two-DC lab in ${dir}`);
await multiDcUp(dir, 2, log);
const info: LabInfo = readLabInfo(dir);
const adminPw = readFileSync(info.admin.passwordFile, 'utf8').trim();
const admins = await Promise.all(
  info.dcs.map(async (dc) => {
    const c = new Client({
      url: dc.url,
      tlsOptions: { ca: [readFileSync(info.caFile)] },
      timeout: 120_000,
      connectTimeout: 5_000,
    });
    await c.bind(info.admin.upn, adminPw);
    return c;
  }),
);
const ou = `OU=bench-mdc-${randomBytes(4).toString('hex')},OU=Corp,${info.baseDn}`;
await admins[0]!.add(ou, { objectClass: ['top', 'organizationalUnit'] });
await sleep(2000); // the OU replicates before users are created under it on dc2

log(`creating ${n} users (split over both DCs)`);
const refs: IdentityRef[] = [];
const tag = randomBytes(3).toString('hex');
await Promise.all(
  admins.map(async (client, d) => {
    const mine = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === d);
    for (let k = 0; k < mine.length; k += lanes) {
      await Promise.all(
        mine.slice(k, k + lanes).map(async (i) => {
          const sam = `b${tag}${i}`;
          const dn = `CN=${sam},${ou}`;
          await client.add(dn, {
            objectClass: ['top', 'person', 'organizationalPerson', 'user'],
            sAMAccountName: sam,
            userAccountControl: String(CREATED_UAC),
            unicodePwd: Buffer.from(`"Bn!${randomBytes(9).toString('base64url')}7q"`, 'utf16le') as unknown as string,
          });
          const { searchEntries } = await client.search(dn, {
            scope: 'base',
            attributes: ['objectGUID'],
            explicitBufferAttributes: ['objectGUID'],
          });
          refs.push({ directory: 'lab-ad', key: decodeGuid(searchEntries[0]!.objectGUID as Buffer), name: sam, dn });
        }),
      );
    }
  }),
);

/** unicodePwd or pwdLastSet stamps of every bench user on one DC (one paged subtree search). */
async function stamps(client: Client, attid: number): Promise<Map<string, ReplStamp | undefined>> {
  const { searchEntries } = await client.search(ou, {
    scope: 'one',
    filter: '(objectClass=user)',
    attributes: ['objectGUID', 'replPropertyMetaData'],
    explicitBufferAttributes: ['objectGUID', 'replPropertyMetaData'],
    paged: { pageSize: 500 },
  });
  return new Map(
    searchEntries.map((e) => [
      decodeGuid(e.objectGUID as Buffer),
      stampOf(parseReplPropertyMetaData(e.replPropertyMetaData as Buffer), attid),
    ]),
  );
}

/** Waits until every DC holds the same write for every user, newer than `before`; returns when. */
async function untilEverywhere(attid: number, before: Map<string, ReplStamp | undefined>): Promise<number> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error('the DCs did not converge within 180 s');
    const views = await Promise.all(admins.map((c) => stamps(c, attid)));
    const done = refs.every((r) => {
      const first = views[0]!.get(r.key);
      const old = before.get(r.key);
      return (
        first !== undefined &&
        (!old || first.version > old.version) &&
        views.every((v) => sameWrite(v.get(r.key), first))
      );
    });
    if (done) return Date.now();
    await sleep(100);
  }
}

interface Phase {
  accepted: number;
  everywhere: number;
  /** CPU seconds per write, until every DC holds every write: each DC's samba processes and this process */
  cpu: { dcs: number[]; bench: number };
}

/** CPU seconds used so far by each DC's process tree and by this process (engine and bench). */
function cpuNow(): { dcs: number[]; bench: number } {
  return {
    dcs: info.dcs.map((dc) => treeCpuSeconds(Number(readFileSync(dc.pidFile, 'utf8').trim()))),
    bench: selfCpuSeconds(),
  };
}

function cpuPerWrite(before: Phase['cpu'], after: Phase['cpu']): Phase['cpu'] {
  return { dcs: after.dcs.map((x, i) => (x - before.dcs[i]!) / n), bench: (after.bench - before.bench) / n };
}
type Kind = 'reset' | 'must';

const work = mkdtempSync(join(tmpdir(), 'reclaim-mdc-bench-'));
const keyFile = join(work, 'password-key');
writeFileSync(keyFile, `ad-multi-dc-${process.pid}-0123456789abcdefghijklmnopqrstuvwxyz`, { mode: 0o600 });
const answersFor: Record<Kind, TriageAnswers> = {
  // the AD database staged and SSPR abused: a mass reset at high assurance (helpdeskReset for all)
  reset: {
    indicators: {
      adDatabaseStaged: { answer: true, evidence: 'bench' },
      ssprAbused: { answer: true, evidence: 'bench' },
    },
    knownCompromisedAccounts: [],
  },
  must: { indicators: { adDatabaseStaged: { answer: true, evidence: 'bench' } }, knownCompromisedAccounts: [] },
};
const apps: App[] = [];

/** One side: its own reclaim.yaml and store, listing `urls`, `maxConcurrency` per DC. */
function side(name: string, urls: string[], maxConcurrency: number) {
  const configFile = join(work, `${name}.yaml`);
  const ad =
    `{ id: lab-ad, kind: ad, urls: [${urls.map((u) => `"${u}"`).join(', ')}], baseDns: ["${ou}"], ` +
    `bindDn: "${info.operator.upn}", password: "file:${info.operator.passwordFile}", caFile: "${info.caFile}", ` +
    `maxConcurrency: ${maxConcurrency} }`;
  writeFileSync(
    configFile,
    [
      `campaign: { name: "ad-multi-dc bench ${name}" }`,
      `store: { url: "sqlite:${join(work, `${name}.sqlite`)}" }`,
      'directories:',
      `  - ${ad}`,
      `engine: { passwordKey: "file:${keyFile}" }`,
    ].join('\n'),
  );
  const app = (operator: string) => {
    const a = createApp({ configFile, operator });
    apps.push(a);
    return a;
  };
  const alice = app('alice');
  const [bob, carol] = [app('bob'), app('carol')];
  const plans = new Map<Kind, Plan>();
  return {
    name,
    urls,
    alice,
    /** a fresh campaign of `kind`, planned (once, then imported) and approved by two operators */
    async campaign(kind: Kind): Promise<string> {
      const { campaignId } = await recordTriage(alice, { answers: answersFor[kind], newCampaign: true });
      const known = plans.get(kind);
      if (!known) {
        await discoverDirectories(alice, { campaignId });
        const plan = await savedPlan(alice, await makePlan(await proven(alice), { campaignId }));
        const wanted = kind === 'reset' ? 'helpdeskReset' : 'requireChange';
        if (plan.totals.byTreatment[wanted] !== n)
          throw new Error(
            `${name} ${kind}: the plan is ${JSON.stringify(plan.totals.byTreatment)}, not ${n} ${wanted}`,
          );
        plans.set(kind, plan);
      } else await importPlan(await proven(alice), { campaignId, plan: known });
      await approvePlan(await proven(bob), { campaignId });
      await approvePlan(await proven(carol), { campaignId });
      return campaignId;
    },
  };
}

async function phase(s: ReturnType<typeof side>, kind: Kind): Promise<Phase> {
  const attid = kind === 'reset' ? ATTID.unicodePwd : ATTID.pwdLastSet;
  // a must-change over users who already must change writes nothing new (no new version to wait
  // for): every user back to "may sign in" first, untimed, as after an admin reset
  if (kind === 'must') {
    for (let k = 0; k < refs.length; k += 16)
      await Promise.all(
        refs.slice(k, k + 16).map((r) => admins[0]!.modify(r.dn!, [ldapChange('replace', 'pwdLastSet', '-1')])),
      );
  }
  await untilEverywhere(attid, new Map()).catch(() => undefined);
  const before = await stamps(admins[0]!, attid);
  const campaignId = await s.campaign(kind);
  const cpu0 = cpuNow();
  const t0 = Date.now();
  const result = await runCampaign(s.alice, { campaignId, allWaves: true });
  const accepted = Date.now() - t0;
  if (result.summary.stoppedBy !== 'done' || result.counts.failed > 0 || result.counts.applied !== n)
    throw new Error(
      `${s.name} ${kind}: the run stopped ${result.summary.stoppedBy}, ${result.counts.applied} applied, ` +
        `${result.counts.failed} failed`,
    );
  const everywhere = (await untilEverywhere(attid, before)) - t0;
  const p = { accepted: (n / accepted) * 1000, everywhere: (n / everywhere) * 1000, cpu: cpuPerWrite(cpu0, cpuNow()) };
  log(
    `${kind} via ${s.urls.length} DC(s): ${p.accepted.toFixed(1)}/s accepted (runCampaign), ` +
      `${p.everywhere.toFixed(1)}/s until on every DC (${(everywhere / 1000).toFixed(1)} s); read back from both DCs`,
  );
  return p;
}

/**
 * The DCs' own limit for the same writes, no engine: a script's best, each DC on 4 connections with
 * the engine's operations in flight (128 on one DC; 64 on each of two), a password replace with
 * must-change per user (one modify: no read of the flags first, no journal).
 */
async function rawPhase(dcCount: 1 | 2): Promise<Phase> {
  const clients = await Promise.all(info.dcs.slice(0, dcCount).map((dc) => adminClients(info, 4, dc.url)));
  await untilEverywhere(ATTID.unicodePwd, new Map()).catch(() => undefined);
  const before = await stamps(admins[0]!, ATTID.unicodePwd);
  const cpu0 = cpuNow();
  const t0 = Date.now();
  await Promise.all(
    clients.map((lanes, d) => {
      let lane = 0;
      const mine = refs.filter((_, i) => i % dcCount === d);
      return inLanes(mine, (perDc * 2) / dcCount, async (r) => {
        const pwd = Buffer.from(`"Rw!${randomBytes(12).toString('base64url')}9z"`, 'utf16le');
        await lanes[lane++ % lanes.length]!.modify(r.dn!, [
          ldapChange('replace', 'unicodePwd', pwd),
          ldapChange('replace', 'pwdLastSet', '0'),
        ]);
      });
    }),
  );
  const accepted = Date.now() - t0;
  const everywhere = (await untilEverywhere(ATTID.unicodePwd, before)) - t0;
  const p = { accepted: (n / accepted) * 1000, everywhere: (n / everywhere) * 1000, cpu: cpuPerWrite(cpu0, cpuNow()) };
  log(
    `raw resets via ${dcCount} DC(s): ${p.accepted.toFixed(1)}/s accepted, ${p.everywhere.toFixed(1)}/s until on every DC`,
  );
  await Promise.all(clients.flat().map((c) => c.unbind().catch(() => undefined)));
  return p;
}

await waitUsersEverywhere(info, ou, n);
const one = side('one', [info.dcs[0]!.url], perDc * 2);
const both = side(
  'two',
  info.dcs.map((d) => d.url),
  perDc,
);
let result: Record<string, unknown>;
try {
  // Alternated so a drift of the machine's speed hits both sides alike: one DC first in odd
  // rounds, two DCs first in even ones.
  const phases: Record<string, Phase[]> = {
    resetOne: [],
    resetTwo: [],
    mustOne: [],
    mustTwo: [],
    rawOne: [],
    rawTwo: [],
  };
  for (let round = 0; round < rounds; round++) {
    const sides = round % 2 === 0 ? (['One', 'Two'] as const) : (['Two', 'One'] as const);
    for (const kind of ['reset', 'must'] as const) {
      for (const which of sides) phases[`${kind}${which}`]!.push(await phase(which === 'One' ? one : both, kind));
    }
    for (const which of sides) phases[`raw${which}`]!.push(await rawPhase(which === 'One' ? 1 : 2));
  }
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const meanOf = (list: Phase[]): Phase => ({
    accepted: mean(list.map((p) => p.accepted)),
    everywhere: mean(list.map((p) => p.everywhere)),
    cpu: {
      dcs: info.dcs.map((_, i) => mean(list.map((p) => p.cpu.dcs[i]!))),
      bench: mean(list.map((p) => p.cpu.bench)),
    },
  });
  const [resetOne, resetTwo, mustOne, mustTwo, rawOne, rawTwo] = (
    ['resetOne', 'resetTwo', 'mustOne', 'mustTwo', 'rawOne', 'rawTwo'] as const
  ).map((k) => meanOf(phases[k]!)) as [Phase, Phase, Phase, Phase, Phase, Phase];
  // The machine's ceiling for a side: every core busy with nothing but its writes (the DCs'
  // processes, replication included, and the engine), at the CPU one write cost in the run.
  const cores = machineCores();
  const cpuMs = (p: Phase) => ({
    dcs: p.cpu.dcs.map((x) => Number((x * 1000).toFixed(1))),
    bench: Number((p.cpu.bench * 1000).toFixed(1)),
    total: Number(((p.cpu.dcs.reduce((a, x) => a + x, 0) + p.cpu.bench) * 1000).toFixed(1)),
  });
  const ceiling = (p: Phase) => Number(((cores * 1000) / cpuMs(p).total).toFixed(1));
  const ratio = resetTwo.accepted / resetOne.accepted;
  const r1 = (x: number) => Number(x.toFixed(1));
  result = {
    bench: 'ad-multi-dc',
    metric:
      `admin resets/s of ${n} users through runCampaign (helpdeskReset: a password write, must change), the ` +
      `configuration listing 2 DCs vs dc1 alone, ${perDc * 2} operations in flight on both sides (the default ` +
      `${perDc} per DC over two; ${perDc * 2} on the one), 4 connections per DC; mean of ${rounds} alternated ` +
      'round(s); every write read back from both DCs',
    value: r1(resetTwo.accepted),
    baseline: r1(resetOne.accepted),
    ratio: Number(ratio.toFixed(2)),
    target: 'ratio >= 1.8 for admin resets; must-change over two DCs no slower than over one',
    resetEverywhere: {
      two: r1(resetTwo.everywhere),
      one: r1(resetOne.everywhere),
      ratio: Number((resetTwo.everywhere / resetOne.everywhere).toFixed(2)),
    },
    mustChangeAccepted: {
      two: r1(mustTwo.accepted),
      one: r1(mustOne.accepted),
      ratio: Number((mustTwo.accepted / mustOne.accepted).toFixed(2)),
    },
    mustChangeEverywhere: {
      two: r1(mustTwo.everywhere),
      one: r1(mustOne.everywhere),
      ratio: Number((mustTwo.everywhere / mustOne.everywhere).toFixed(2)),
    },
    // The same resets without the engine (a script's best), one DC vs two: what the DCs and the
    // machine allow; and where the CPU went, per write (ms), with the ceiling it implies here.
    raw: {
      one: r1(rawOne.accepted),
      two: r1(rawTwo.accepted),
      ratio: Number((rawTwo.accepted / rawOne.accepted).toFixed(2)),
      engineOfRawTwo: Number((resetTwo.accepted / rawTwo.accepted).toFixed(2)),
      engineOfRawOne: Number((resetOne.accepted / rawOne.accepted).toFixed(2)),
    },
    cpuMsPerReset: { cores, one: cpuMs(resetOne), two: cpuMs(resetTwo), rawOne: cpuMs(rawOne), rawTwo: cpuMs(rawTwo) },
    ceilingPerSecond: {
      one: ceiling(resetOne),
      two: ceiling(resetTwo),
      rawOne: ceiling(rawOne),
      rawTwo: ceiling(rawTwo),
    },
    rounds: Object.fromEntries(Object.entries(phases).map(([k, list]) => [k, list.map((p) => r1(p.accepted))])),
    ok: ratio >= 1.8 && mustTwo.accepted >= mustOne.accepted,
  };
} finally {
  await Promise.all(apps.map((a) => a.close()));
  rmSync(work, { recursive: true, force: true });
  log('removing the bench OU');
  await admins[0]!.del(ou, treeDeleteControl).catch((e: unknown) => log(`cleanup: ${String(e)}`));
  await Promise.all(admins.map((c) => c.unbind().catch(() => undefined)));
}
console.log(JSON.stringify(result));
