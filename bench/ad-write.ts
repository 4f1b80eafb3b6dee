// `npm run bench -- ad-write [--users N] [--resets M] [--in-flight K] [--rounds R]`: AD writes
// through Reclaim's connector (AdDirectory.apply; K operations at once (default 16): must-change
// on one LDAPS connection, resets spread over 4, as the engine runs them) beside `ldapmodify` doing
// the same modifications at the same concurrency (the LDIF split over K processes run at once, so
// K operations in flight over K connections), on the shared lab DC, both as svc-reclaim. R rounds
// per path (default 4), order alternated; the mean rate of each path and every round are reported.
//   requireChange: pwdLastSet=0 on N users (reset to -1 between runs, untimed), each action
//     carrying the userAccountControl discovery read, as the engine's actions do: one modify
//     conditional on it (require-change.ts)
//   resetPassword: unicodePwd + pwdLastSet=0 on M users (CPU-bound key derivation on the DC)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import type { AdDirectoryConfig } from '../src/app/config/config-schema.ts';
import type { IdentityRef } from '../src/core/identity.ts';
import type { Secret } from '../src/core/secret.ts';
import { createAdDirectory } from '../src/app/directories/create-ad-directory.ts';
import { generatePassword } from '../src/directories/ad/generate-password.ts';
import { decodeGuid } from '../src/directories/ad/sid.ts';
import { readLabInfo } from '../src/lab/samba/lab-info.ts';
import { createBenchOu, inLanes, removeBenchOu } from './support/bench-ou.ts';
import { ldapmodify, ldapmodifyParallel, type CliBind } from './support/ldap-cli-baseline.ts';
import { numberArg } from './support/number-arg.ts';

const n = numberArg('--users', 5000);
const m = numberArg('--resets', 1000);
const lanes = numberArg('--in-flight', 16);
const rounds = Math.max(2, numberArg('--rounds', 4));
const orders = Array.from({ length: rounds }, (_, i) =>
  i % 2 === 0 ? (['reclaim', 'ldapmodify'] as const) : (['ldapmodify', 'reclaim'] as const),
);
const info = readLabInfo();
const operatorPassword = readFileSync(info.operator.passwordFile, 'utf8').trim();
const bind: CliBind = {
  url: info.dcs[0]!.url,
  caFile: info.caFile,
  bindName: info.operator.upn,
  password: operatorPassword,
};
const log = (s: string) => console.error(`[ad-write] ${s}`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function adminClient(): Promise<Client> {
  const c = new Client({ url: info.dcs[0]!.url, tlsOptions: { ca: [readFileSync(info.caFile)] }, timeout: 120_000 });
  await c.bind(info.admin.upn, readFileSync(info.admin.passwordFile, 'utf8').trim());
  return c;
}

const tmp = mkdtempSync(join(tmpdir(), 'reclaim-ad-write-'));
const ldif = (name: string, body: string) => {
  const file = join(tmp, name);
  writeFileSync(file, body, { mode: 0o600 });
  return file;
};
const pwdLastSetRecords = (dns: readonly string[], value: string) =>
  dns.map((dn) => `dn: ${dn}\nchangetype: modify\nreplace: pwdLastSet\npwdLastSet: ${value}\n-\n`);
const pwdLastSetLdif = (dns: readonly string[], value: string) => pwdLastSetRecords(dns, value).join('\n');
const unicodePwd = (s: Secret) => Buffer.from(`"${s.reveal()}"`, 'utf16le').toString('base64');
const newPassword = () => generatePassword({ minLength: 14, complexity: true }, (k) => randomBytes(k));

const admins = await Promise.all(Array.from({ length: 4 }, adminClient));
const config: AdDirectoryConfig = {
  id: 'bench-ad',
  kind: 'ad',
  urls: [info.dcs[0]!.url],
  startTls: false,
  readOnly: false,
  baseDns: [info.baseDn],
  bindDn: info.operator.upn,
  password: `file:${info.operator.passwordFile}`,
  caFile: info.caFile,
  connectTimeoutMs: 5000,
  operationTimeoutMs: 120_000,
  pageSize: 1000,
  maxConcurrency: lanes,
  connections: 4,
  privilegedGroups: [],
};
const directory = createAdDirectory(config);
log(`creating ${n} users (no password) in a bench OU under OU=Corp`);
const { ou, users } = await createBenchOu(admins, `OU=Corp,${info.baseDn}`, 'bench-ad-write', n);
let result: Record<string, unknown> = {};
try {
  const { searchEntries } = await admins[0]!.search(ou, {
    scope: 'one',
    filter: '(objectClass=user)',
    attributes: ['objectGUID', 'sAMAccountName', 'userAccountControl'],
    explicitBufferAttributes: ['objectGUID'],
    paged: { pageSize: 1000 },
  });
  const refs: IdentityRef[] = searchEntries.map((e) => ({
    directory: 'bench-ad',
    key: decodeGuid(e.objectGUID as Buffer),
    name: String(e.sAMAccountName),
    dn: e.dn,
  }));
  const uacOf = new Map(searchEntries.map((e) => [e.dn, Number(e.userAccountControl)]));
  const dns = refs.map((r) => r.dn!);
  const countMustChange = async (subset: readonly string[]) => {
    const set = new Set(subset.map((d) => d.toLowerCase()));
    const r = await admins[0]!.search(ou, {
      scope: 'one',
      filter: '(&(objectClass=user)(pwdLastSet=0))',
      attributes: ['1.1'],
      paged: { pageSize: 1000 },
    });
    return r.searchEntries.filter((e) => set.has(e.dn.toLowerCase())).length;
  };
  const resetToNow = ldif('now.ldif', pwdLastSetLdif(dns, '-1'));

  const rc = { reclaim: [] as number[], ldapmodify: [] as number[] };
  for (const order of orders) {
    for (const path of order) {
      await ldapmodify(bind, resetToNow);
      const started = performance.now();
      if (path === 'reclaim')
        await inLanes(
          refs,
          lanes,
          async (ref) =>
            void (await directory.apply({
              kind: 'requireChange',
              directory: 'bench-ad',
              identity: ref,
              params: { expectedUserAccountControl: uacOf.get(ref.dn!)! },
            })),
        );
      else await ldapmodifyParallel(bind, pwdLastSetRecords(dns, '0'), lanes);
      const ms = performance.now() - started;
      const done = await countMustChange(dns);
      if (done !== n) throw new Error(`${path}: ${done} of ${n} users show pwdLastSet=0`);
      rc[path].push((n / ms) * 1000);
      log(`requireChange ${path}: ${n} in ${(ms / 1000).toFixed(2)} s = ${((n / ms) * 1000).toFixed(0)}/s (verified)`);
    }
  }

  const resetRefs = refs.slice(0, m);
  const rp = { reclaim: [] as number[], ldapmodify: [] as number[] };
  for (const order of orders) {
    for (const path of order) {
      await ldapmodify(
        bind,
        ldif(
          'now-r.ldif',
          pwdLastSetLdif(
            resetRefs.map((r) => r.dn!),
            '-1',
          ),
        ),
      );
      const passwords = resetRefs.map(() => newPassword());
      const resets = resetRefs.map(
        (r, i) =>
          `dn: ${r.dn}\nchangetype: modify\nreplace: unicodePwd\nunicodePwd:: ${unicodePwd(passwords[i]!)}\n-\nreplace: pwdLastSet\npwdLastSet: 0\n-\n`,
      );
      const started = performance.now();
      if (path === 'reclaim') {
        let i = 0;
        await inLanes(resetRefs, lanes, async (ref) => {
          const password = passwords[i++]!;
          await directory.apply(
            { kind: 'resetPassword', directory: 'bench-ad', identity: ref, params: { mustChange: true } },
            { password },
          );
        });
      } else await ldapmodifyParallel(bind, resets, lanes);
      const ms = performance.now() - started;
      const done = await countMustChange(resetRefs.map((r) => r.dn!));
      if (done !== m) throw new Error(`${path}: ${done} of ${m} reset users show pwdLastSet=0`);
      rp[path].push((m / ms) * 1000);
      log(`resetPassword ${path}: ${m} in ${(ms / 1000).toFixed(2)} s = ${((m / ms) * 1000).toFixed(1)}/s (verified)`);
    }
  }

  const ratio = mean(rc.reclaim) / mean(rc.ldapmodify);
  const resetRatio = mean(rp.reclaim) / mean(rp.ldapmodify);
  const rounded = (xs: number[], digits = 0) => xs.map((x) => Number(x.toFixed(digits)));
  result = {
    bench: 'ad-write',
    metric:
      `requireChange writes/s on ${n} users: Reclaim's connector (one modify per user from the ` +
      `discovered userAccountControl, uac read back in shared batched searches, ${lanes} in ` +
      `flight on 1 connection; resets spread over 4 connections) vs ldapmodify split over ` +
      `${lanes} processes at once; resets on ${m} users alongside; mean of ${rounds} alternated ` +
      `rounds`,
    value: Number(mean(rc.reclaim).toFixed(0)),
    baseline: Number(mean(rc.ldapmodify).toFixed(0)),
    ratio: Number(ratio.toFixed(2)),
    target: 'ratio >= 0.95 for requireChange and for resets',
    rounds: { reclaim: rounded(rc.reclaim), ldapmodify: rounded(rc.ldapmodify) },
    resetValue: Number(mean(rp.reclaim).toFixed(1)),
    resetBaseline: Number(mean(rp.ldapmodify).toFixed(1)),
    resetRatio: Number(resetRatio.toFixed(2)),
    resetRounds: { reclaim: rounded(rp.reclaim, 1), ldapmodify: rounded(rp.ldapmodify, 1) },
    ok: ratio >= 0.95 && resetRatio >= 0.95,
  };
} finally {
  log('removing the bench OU');
  await directory.close();
  await removeBenchOu(admins, ou, users);
  await Promise.all(admins.map((c) => c.unbind()));
  rmSync(tmp, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
