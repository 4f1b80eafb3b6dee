// `npm run bench -- lab-seed [--users N] [--rounds R] [--connections C]`: Reclaim's seeder against `ldapadd` of the
// same account entries (the named baseline), each into an empty domain of a SECOND lab (its own
// folder in /tmp, DC on 127.0.0.3 without s3fs/winbindd), so the shared lab is never disturbed.
// Metric: accounts created per second (higher is better); target ratio >= 0.9.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labDown, labReset } from '../src/lab/samba/lab-down.ts';
import { withLabClient } from '../src/lab/samba/lab-ldap-client.ts';
import { withLabLock } from '../src/lab/samba/lab-lock.ts';
import { labPaths, labSettings, SECOND_LAB_SERVICES } from '../src/lab/samba/lab-settings.ts';
import { adminBind } from '../src/lab/samba/lab-up.ts';
import { applyOrganisation } from '../src/lab/seed/apply-organisation.ts';
import { generateOrganisation } from '../src/lab/seed/generate-organisation.ts';
import { organisationOperations } from '../src/lab/seed/organisation-entries.ts';
import { toLdif } from '../src/lab/seed/organisation-ldif.ts';
import { numberArg } from './support/number-arg.ts';

const users = numberArg('--users', 2000);
const rounds = numberArg('--rounds', 1);
const connections = numberArg('--connections', 1);
const dir = process.env.RECLAIM_BENCH_LAB_DIR ?? '/tmp/reclaim-bench-lab-seed';
const overrides = { ip: '127.0.0.3', services: SECOND_LAB_SERVICES };
const log = (line: string) => process.stderr.write(`bench lab-seed: ${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const s = labSettings(dir, overrides);
const p = labPaths(s);
const bind = adminBind(s, p);
const ops = organisationOperations(generateOrganisation(users, 1, s.baseDn, s.realm), Date.now());
const accounts = ops.accountWaves.flat();

async function emptyDomainWithOus(): Promise<void> {
  await labReset(dir, overrides, log);
  await withLabClient(bind, async (c) => {
    for (const ou of ops.ous) await c.add(ou.dn, ou.attributes as Record<string, string[]>).catch(() => undefined);
  });
}

async function reclaimRound(): Promise<number> {
  await emptyDomainWithOus();
  const r = await applyOrganisation(bind, ops, connections, 'reclaim');
  log(`reclaim: ${r.accounts} accounts in ${(r.accountsMs / 1000).toFixed(2)} s = ${r.accountsPerSecond}/s`);
  return r.accountsPerSecond;
}

async function ldapaddRound(): Promise<number> {
  await emptyDomainWithOus();
  const work = join(dir, 'bench');
  mkdirSync(work, { recursive: true });
  const ldif = join(work, 'accounts.ldif');
  const pwFile = join(work, 'admin.pw');
  writeFileSync(ldif, toLdif(accounts), { mode: 0o600 });
  writeFileSync(pwFile, bind.password, { mode: 0o600 }); // ldapadd -y reads the whole file: no newline
  const started = process.hrtime.bigint();
  const r = spawnSync('ldapadd', ['-x', '-H', bind.url, '-D', bind.bindName, '-y', pwFile, '-f', ldif], {
    env: { ...process.env, LDAPTLS_CACERT: bind.caFile, LDAPTLS_REQCERT: 'demand' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0)
    throw new Error(`ldapadd failed (${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const rate = Math.round((accounts.length / ms) * 1000 * 10) / 10;
  log(`ldapadd: ${accounts.length} accounts in ${(ms / 1000).toFixed(2)} s = ${rate}/s`);
  return rate;
}

const result = await withLabLock(dir, async () => {
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    // Alternate which goes first, so neither always meets the machine in the same state.
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        theirs.push(await ldapaddRound());
        ours.push(await reclaimRound());
      } else {
        ours.push(await reclaimRound());
        theirs.push(await ldapaddRound());
      }
    }
  } finally {
    await labDown(dir);
  }
  return { value: median(ours), baseline: median(theirs) };
});
const ratio = Math.round((result.value / result.baseline) * 100) / 100;
console.log(
  JSON.stringify({
    bench: 'lab-seed',
    metric: 'accounts_per_second',
    value: result.value,
    baseline: result.baseline,
    ratio,
    target: 0.9,
    ok: ratio >= 0.9,
    users,
    rounds,
    connections,
  }),
);
