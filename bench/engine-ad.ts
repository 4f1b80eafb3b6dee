// `npm run bench -- engine-ad [--users N]`: a must-change wave (pwdLastSet=0) of N lab users
// (default 5,000, in their own OU=bench-engine-ad, created once and kept) through the engine,
// journaled durably in SQLite (WAL, synchronous=FULL; claims in batches, apply-start and outcomes
// group-committed), each action carrying the discovered userAccountControl as materialized
// actions do (one write per user, require-change.ts), versus `ldapmodify` applying the same change
// as one LDIF over one LDAPS connection to the same DC, run side by side in the same process, `--rounds` (6) rounds in
// alternated order. Target: >= 0.9x its rate.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../src/core/secret.ts';
import { createAdDirectory } from '../src/directories/ad/create-ad-directory.ts';
import { decodeGuid } from '../src/directories/ad/sid.ts';
import { ActionPasswords } from '../src/engine/action-passwords.ts';
import { createApplyGuard } from '../src/engine/apply-guard.ts';
import { systemClock } from '../src/engine/engine-clock.ts';
import { runActions } from '../src/engine/run-actions.ts';
import { insertActions } from '../src/store/actions/insert-actions.ts';
import { createCampaign } from '../src/store/campaigns/create-campaign.ts';
import { setCampaignStatus } from '../src/store/campaigns/set-campaign-status.ts';
import { openStore } from '../src/store/open-store.ts';
import { insertWaves } from '../src/store/plans/insert-waves.ts';
import { recordApproval } from '../src/store/plans/record-approval.ts';
import { savePlanVersion } from '../src/store/plans/save-plan-version.ts';
import { readLabInfo } from '../src/lab/samba/lab-info.ts';
import { openLabClient } from '../src/lab/samba/lab-ldap-client.ts';
import { numberArg } from './support/number-arg.ts';

const count = numberArg('--users', 5000);
// the config's default maxConcurrency for an AD directory (config-schema.ts)
const concurrency = numberArg('--concurrency', 32);
const rounds = Math.max(1, numberArg('--rounds', 6));
const info = readLabInfo();
const adminPassword = readFileSync(info.admin.passwordFile, 'utf8').trim();
const ouDn = `OU=bench-engine-ad,OU=Corp,${info.baseDn}`;
const log = (line: string) => process.stderr.write(`engine-ad: ${line}\n`);

async function ensureUsers(): Promise<Array<{ dn: string; guid: string; sam: string; uac: number }>> {
  const admin = await openLabClient({ url: info.dcs[0]!.url, caFile: info.caFile, bindName: info.admin.upn, password: adminPassword });
  try {
    await admin.add(ouDn, { objectClass: ['top', 'organizationalUnit'] }).catch(() => undefined);
    const have = new Set((await admin.search(ouDn, { scope: 'one', filter: '(objectClass=user)', attributes: ['sAMAccountName'], paged: { pageSize: 1000 } })).searchEntries.map((e) => String(e.sAMAccountName)));
    const missing = Array.from({ length: count }, (_, i) => `bea-${String(i).padStart(5, '0')}`).filter((s) => !have.has(s));
    if (missing.length > 0) log(`creating ${missing.length} users in ${ouDn} (kept for later runs)`);
    for (let i = 0; i < missing.length; i += 8) {
      await Promise.all(missing.slice(i, i + 8).map((sam) => admin.add(`CN=${sam},${ouDn}`, { objectClass: ['top', 'person', 'organizationalPerson', 'user'], sAMAccountName: sam, userAccountControl: '512', unicodePwd: Buffer.from(`"Bench!${sam}x9Q"`, 'utf16le') as unknown as string })));
      if (i % 1000 === 0 && i > 0) log(`  ${i}/${missing.length}`);
    }
    const { searchEntries } = await admin.search(ouDn, { scope: 'one', filter: '(objectClass=user)', attributes: ['sAMAccountName', 'objectGUID', 'userAccountControl'], explicitBufferAttributes: ['objectGUID'], paged: { pageSize: 1000 } });
    return searchEntries.map((e) => ({ dn: e.dn, sam: String(e.sAMAccountName), guid: decodeGuid(e.objectGUID as Buffer), uac: Number(e.userAccountControl) })).sort((a, b) => a.sam.localeCompare(b.sam)).slice(0, count);
  } finally {
    await admin.unbind().catch(() => undefined);
  }
}

function ldapmodify(ldif: string): number {
  const file = join(tmpdir(), `engine-ad-${process.pid}.ldif`);
  writeFileSync(file, ldif);
  // ldapmodify -y takes the file's bytes as the password, a trailing newline included
  const secret = join(tmpdir(), `engine-ad-${process.pid}.pw`);
  writeFileSync(secret, readFileSync(info.operator.passwordFile, 'utf8').replace(/\r?\n$/, ''), { mode: 0o600 });
  const started = performance.now();
  const r = spawnSync('ldapmodify', ['-H', info.dcs[0]!.url, '-x', '-D', info.operator.upn, '-y', secret, '-f', file], { env: { ...process.env, LDAPTLS_CACERT: info.caFile }, encoding: 'utf8' });
  const ms = performance.now() - started;
  rmSync(file, { force: true });
  rmSync(secret, { force: true });
  if (r.status !== 0) throw new Error(`ldapmodify failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return ms;
}

const ldifFor = (users: Array<{ dn: string }>, value: string) => users.map((u) => `dn: ${u.dn}\nchangetype: modify\nreplace: pwdLastSet\npwdLastSet: ${value}\n-\n`).join('\n');

async function engineRun(users: Array<{ guid: string; sam: string; uac: number }>): Promise<{ ms: number; applied: number; failed: number; journalEvents: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'engine-ad-'));
  const store = await openStore(`sqlite:${join(dir, 'store.sqlite')}`);
  try {
    const now = new Date();
    const campaignId = `bench-${process.pid}`;
    await createCampaign(store, { id: campaignId, name: 'bench', createdBy: 'alice', now });
    await setCampaignStatus(store, { campaignId, status: 'active', now });
    const { versionId } = await savePlanVersion(store, { planId: 'p', campaignId, name: 'p', body: { bench: true }, createdBy: 'alice', now });
    const [waveId] = await insertWaves(store, versionId, [{ ordinal: 1, name: 'w', startsAt: now, deadlineAt: now, size: users.length }]);
    await recordApproval(store, { planVersionId: versionId, approver: 'bob', now });
    await insertActions(store, users.map((u) => ({ campaignId, waveId: waveId!, directory: 'lab-ad', identityKey: u.guid, identityName: u.sam, kind: 'requireChange', params: { expectedUserAccountControl: u.uac }, idempotencyKey: `${campaignId}/${u.guid}` })), now);
    const directory = createAdDirectory({
      id: 'lab-ad', kind: 'ad', urls: [info.dcs[0]!.url], startTls: false, readOnly: false, baseDns: [ouDn], bindDn: info.operator.upn,
      password: `file:${info.operator.passwordFile}`, caFile: info.caFile, connectTimeoutMs: 5000, operationTimeoutMs: 30000, pageSize: 1000, maxConcurrency: concurrency, connections: 4, privilegedGroups: [],
    });
    const started = performance.now();
    const summary = await runActions(
      {
        store, clock: systemClock, owner: 'bench', directories: new Map([['lab-ad', directory]]),
        passwords: new ActionPasswords(() => new Secret('bench-key-0123456789abcdef'), campaignId),
        guard: createApplyGuard(store, { campaignId, protectedReason: () => null }),
        retry: { baseMs: 200, maxMs: 2000, maxAttempts: 5 }, random: Math.random, onEvent: () => undefined,
      },
      { campaignId, limits: { 'lab-ad': { concurrency, ratePerSecond: Infinity, burst: 1 } }, leaseMs: 60_000, pollMs: 50, untilDone: true },
    );
    const ms = performance.now() - started;
    await directory.close();
    const events = await store.db.selectFrom('journalEvents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { ms, applied: summary.applied, failed: summary.failed, journalEvents: Number(events.n) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const users = await ensureUsers();
log(`${users.length} users`);
// Rounds with the order alternated (the shared machine's load drifts, and one DC's write rate
// moved between 246 and 461/s from round to round): mean rate of each path.
const rates = { engine: [] as number[], ldapmodify: [] as number[] };
let engine = { ms: 0, applied: 0, failed: 0, journalEvents: 0 };
const orders: ReadonlyArray<readonly ['ldapmodify' | 'engine', 'ldapmodify' | 'engine']> = Array.from({ length: rounds }, (_, i) => (i % 2 === 0 ? ['ldapmodify', 'engine'] as const : ['engine', 'ldapmodify'] as const));
for (const order of orders) {
  for (const path of order) {
    ldapmodify(ldifFor(users, '-1'));
    if (path === 'ldapmodify') {
      const ms = ldapmodify(ldifFor(users, '0'));
      rates.ldapmodify.push(users.length / (ms / 1000));
      log(`ldapmodify: ${users.length} in ${(ms / 1000).toFixed(1)} s = ${(users.length / (ms / 1000)).toFixed(0)}/s`);
    } else {
      const run = await engineRun(users);
      engine = { ms: engine.ms + run.ms, applied: engine.applied + run.applied, failed: engine.failed + run.failed, journalEvents: engine.journalEvents + run.journalEvents };
      rates.engine.push(run.applied / (run.ms / 1000));
      log(`engine: ${run.applied} applied, ${run.failed} failed in ${(run.ms / 1000).toFixed(1)} s = ${(run.applied / (run.ms / 1000)).toFixed(0)}/s; ${run.journalEvents} journal events`);
    }
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const engineRate = mean(rates.engine);
const baselineRate = mean(rates.ldapmodify);
const ratio = Number((engineRate / baselineRate).toFixed(2));
process.stdout.write(`${JSON.stringify({
  bench: 'engine-ad',
  metric: `must-change writes per second, ${users.length} users, engine (concurrency ${concurrency}, SQLite journal synchronous=FULL) vs ldapmodify of the same LDIF; mean of ${rounds} alternated rounds`,
  value: Number(engineRate.toFixed(1)),
  baseline: Number(baselineRate.toFixed(1)),
  ratio,
  target: '>= 0.9',
  rounds: { engine: rates.engine.map((r) => Math.round(r)), ldapmodify: rates.ldapmodify.map((r) => Math.round(r)) },
  applied: engine.applied,
  failed: engine.failed,
  journalEvents: engine.journalEvents,
  ok: ratio >= 0.9 && engine.failed === 0 && engine.applied === rounds * users.length,
})}\n`);
