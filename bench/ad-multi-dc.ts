// `npm run bench -- ad-multi-dc [N] [--rounds R]`: admin password resets of N users (default 1,000)
// through Reclaim's AD connector, spread over two DCs (routing per identity) versus the same
// through dc1 alone, side by side in one run on the two-DC lab. Also must-change (pwdLastSet=0) the
// same way. Both sides get the same client lanes (2 x 8 actions at once); each DC takes 8 in flight.
// R rounds (default 2), the order of the sides alternated from round to round (one DC first, then
// two DCs first); mean rates. Each phase reports accepted/s and /s until every DC holds every write
// (replPropertyMetaData). Must-change actions carry the userAccountControl the users were created
// with, as the engine's actions carry discovery's (one conditional modify, require-change.ts).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import type { ActionKind } from '../src/core/action.ts';
import type { IdentityRef } from '../src/core/identity.ts';
import { Secret } from '../src/core/secret.ts';
import { createMultiDcAdDirectory } from '../src/app/directories/create-multi-dc-ad-directory.ts';
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
import { labAdConfig, treeDeleteControl } from '../test/directories/ad/support/ad-test-lab.ts';
import { numberArg } from './support/number-arg.ts';

const n = Number(process.argv.slice(2).find((a, i, args) => /^\d+$/.test(a) && !/^--/.test(args[i - 1] ?? '')) ?? 1000);
const lanes = 8;
/** client lanes, the same for both sides: what two DCs can take at once */
const clientLanes = lanes * 2;
const rounds = Math.max(1, numberArg('--rounds', 2));
/** LDAPS connections per DC (the config's `connections`, default 4) */
const connections = numberArg('--connections', 4);
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
  perDc: Record<string, number>;
}

async function phase(urls: string[], kind: ActionKind): Promise<Phase> {
  const attid = kind === 'resetPassword' ? ATTID.unicodePwd : ATTID.pwdLastSet;
  // a must-change over users who already must change writes nothing new (no new version to wait
  // for): every user back to "may sign in" first, untimed, as after an admin reset
  if (kind === 'requireChange') {
    for (let k = 0; k < refs.length; k += 16)
      await Promise.all(
        refs.slice(k, k + 16).map((r) => admins[0]!.modify(r.dn!, [ldapChange('replace', 'pwdLastSet', '-1')])),
      );
  }
  await untilEverywhere(attid, new Map()).catch(() => undefined);
  const before = await stamps(admins[0]!, attid);
  const directory = createMultiDcAdDirectory(
    labAdConfig(info, { urls, maxConcurrency: lanes, connections, operationTimeoutMs: 60_000 }),
  );
  const queue = [...refs];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: clientLanes }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const context =
          kind === 'resetPassword' ? { password: new Secret(`Rs!${randomBytes(12).toString('base64url')}4k`) } : {};
        const params = kind === 'requireChange' ? { params: { expectedUserAccountControl: CREATED_UAC } } : {};
        await directory.apply({ kind, directory: 'lab-ad', identity: r, ...params }, context);
      }
    }),
  );
  const accepted = Date.now() - t0;
  const everywhere = (await untilEverywhere(attid, before)) - t0;
  await directory.close();
  const p = {
    accepted: (n / accepted) * 1000,
    everywhere: (n / everywhere) * 1000,
    perDc: Object.fromEntries(directory.applied),
  };
  log(
    `${kind} via ${urls.length} DC(s): ${p.accepted.toFixed(1)}/s accepted, ${p.everywhere.toFixed(1)}/s until on every DC (${(everywhere / 1000).toFixed(1)} s); writes per DC ${JSON.stringify(p.perDc)}`,
  );
  return p;
}

const one = [info.dcs[0]!.url];
const both = info.dcs.map((d) => d.url);
let result: Record<string, unknown>;
try {
  // Alternated so a drift of the machine's speed hits both sides alike: one DC first in odd
  // rounds, two DCs first in even ones.
  const phases: Record<string, Phase[]> = { resetOne: [], resetTwo: [], mustOne: [], mustTwo: [] };
  for (let round = 0; round < rounds; round++) {
    const sides = round % 2 === 0 ? (['One', 'Two'] as const) : (['Two', 'One'] as const);
    for (const kind of ['resetPassword', 'requireChange'] as const) {
      for (const side of sides)
        phases[`${kind === 'resetPassword' ? 'reset' : 'must'}${side}`]!.push(
          await phase(side === 'One' ? one : both, kind),
        );
    }
  }
  const meanOf = (list: Phase[]): Phase => ({
    accepted: list.reduce((a, p) => a + p.accepted, 0) / list.length,
    everywhere: list.reduce((a, p) => a + p.everywhere, 0) / list.length,
    perDc: list.at(-1)!.perDc,
  });
  const [resetOne, resetTwo, mustOne, mustTwo] = (['resetOne', 'resetTwo', 'mustOne', 'mustTwo'] as const).map((k) =>
    meanOf(phases[k]!),
  ) as [Phase, Phase, Phase, Phase];
  const ratio = resetTwo.accepted / resetOne.accepted;
  const r1 = (x: number) => Number(x.toFixed(1));
  result = {
    bench: 'ad-multi-dc',
    metric: `admin resets/s of ${n} users accepted, spread over 2 DCs vs through dc1 alone (${clientLanes} client lanes on both sides; ${lanes} in flight per DC on ${connections} connection(s) each); mean of ${rounds} alternated round(s)`,
    value: r1(resetTwo.accepted),
    baseline: r1(resetOne.accepted),
    ratio: Number(ratio.toFixed(2)),
    target: 'ratio >= 1.8 for admin resets; must-change over two DCs no slower than over one',
    resetSplit: resetTwo.perDc,
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
    rounds: Object.fromEntries(Object.entries(phases).map(([k, list]) => [k, list.map((p) => r1(p.accepted))])),
    ok: ratio >= 1.8 && mustTwo.accepted >= mustOne.accepted,
  };
} finally {
  log('removing the bench OU');
  await admins[0]!.del(ou, treeDeleteControl).catch((e: unknown) => log(`cleanup: ${String(e)}`));
  await Promise.all(admins.map((c) => c.unbind().catch(() => undefined)));
}
console.log(JSON.stringify(result));
