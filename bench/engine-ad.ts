// `npm run bench -- engine-ad [--users N] [--rounds R] [--baseline-processes P]`: a must-change
// campaign (pwdLastSet=0) of N lab users (default 5,000, in their own OU=bench-engine-ad, created
// once with passwords and kept) run the way `reclaim run` runs it: a reclaim.yaml with the default
// engine and AD settings (64 operations in flight, 4 connections; SQLite store in WAL with
// synchronous=FULL), triage (the AD database staged: a standard-assurance mass reset), discovery, a
// plan by a proven author approved by two proven operators, then runCampaign over every wave:
// guard, claims, journal before and after each write. Read back from the DC after every round.
// Beside it, on the same DC and the same users:
//   ldapmodify: the same modifications as an LDIF split over P processes run at once (default 64,
//     the operations Reclaim keeps in flight): the best a script with the OpenLDAP tools can do;
//   saturation: a raw LDAP client with no journal (4 connections x 64 in flight): what the DC
//     itself can take, the physical limit, measured in the same run.
// R rounds (default 3), the order of the three rotated each round (the shared DC's rate drifts);
// mean rate of each. Targets: the engine >= 0.9x the matched-concurrency ldapmodify.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { approvePlan } from '../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../src/app/campaign/discover-directories.ts';
import { importPlan, makePlan, savedPlan } from '../src/app/campaign/make-plan.ts';
import { recordTriage } from '../src/app/campaign/record-triage.ts';
import { runCampaign } from '../src/app/campaign/run-campaign.ts';
import { createApp, type App } from '../src/app/create-app.ts';
import type { Plan } from '../src/core/planning/plan.ts';
import type { TriageAnswers } from '../src/core/triage/decide-triage.ts';
import { ldapChange } from '../src/directories/ad/ldap-change.ts';
import { readLabInfo } from '../src/lab/samba/lab-info.ts';
import { proven } from '../test/support/proven-operator.ts';
import { inLanes } from './support/bench-ou.ts';
import { ldapmodify, ldapmodifyParallel, type CliBind } from './support/ldap-cli-baseline.ts';
import { numberArg } from './support/number-arg.ts';

const count = numberArg('--users', 5000);
const rounds = Math.max(1, numberArg('--rounds', 3));
const processes = numberArg('--baseline-processes', 64);
const info = readLabInfo();
const adminPassword = readFileSync(info.admin.passwordFile, 'utf8').trim();
const ouDn = `OU=bench-engine-ad,OU=Corp,${info.baseDn}`;
const bind: CliBind = {
  url: info.dcs[0]!.url,
  caFile: info.caFile,
  bindName: info.operator.upn,
  password: readFileSync(info.operator.passwordFile, 'utf8').replace(/\r?\n$/, ''),
};
const log = (line: string) => process.stderr.write(`engine-ad: ${line}\n`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const client = async (password = adminPassword, name = info.admin.upn) => {
  const c = new Client({ url: info.dcs[0]!.url, tlsOptions: { ca: [readFileSync(info.caFile)] }, timeout: 120_000 });
  await c.bind(name, password);
  return c;
};

/** The bench users, created once (enabled, with a password: a disabled account is planned as inactive). */
async function ensureUsers(admins: Client[]): Promise<string[]> {
  await admins[0]!.add(ouDn, { objectClass: ['top', 'organizationalUnit'] }).catch(() => undefined);
  const have = new Set(
    (
      await admins[0]!.search(ouDn, {
        scope: 'one',
        filter: '(objectClass=user)',
        attributes: ['sAMAccountName'],
        paged: { pageSize: 1000 },
      })
    ).searchEntries.map((e) => String(e.sAMAccountName)),
  );
  const missing = Array.from({ length: count }, (_, i) => `bea-${String(i).padStart(5, '0')}`).filter(
    (s) => !have.has(s),
  );
  if (missing.length > 0) log(`creating ${missing.length} users in ${ouDn} (kept for later runs)`);
  let lane = 0;
  let done = 0;
  await inLanes(missing, admins.length * 4, async (sam) => {
    await admins[lane++ % admins.length]!.add(`CN=${sam},${ouDn}`, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: sam,
      userAccountControl: '512',
      department: 'Bench',
      unicodePwd: Buffer.from(`"Bench!${sam}x9Q"`, 'utf16le') as unknown as string,
    });
    if (++done % 1000 === 0) log(`  ${done}/${missing.length}`);
  });
  const { searchEntries } = await admins[0]!.search(ouDn, {
    scope: 'one',
    filter: '(objectClass=user)',
    attributes: ['sAMAccountName'],
    paged: { pageSize: 1000 },
  });
  return searchEntries.map((e) => e.dn).sort();
}

const records = (dns: string[], value: string) =>
  dns.map((dn) => `dn: ${dn}\nchangetype: modify\nreplace: pwdLastSet\npwdLastSet: ${value}\n-\n`);

/** Every user back to "may sign in" (pwdLastSet=-1), untimed; then how many show must-change. */
async function resetAll(dns: string[], dir: string): Promise<void> {
  const file = join(dir, 'reset.ldif');
  writeFileSync(file, records(dns, '-1').join('\n'), { mode: 0o600 });
  await ldapmodify(bind, file);
}
async function mustChangeCount(admin: Client): Promise<number> {
  const r = await admin.search(ouDn, {
    scope: 'one',
    filter: '(&(objectClass=user)(pwdLastSet=0))',
    attributes: ['1.1'],
    paged: { pageSize: 1000 },
  });
  return r.searchEntries.length;
}

interface Round {
  rate: number;
  writePhaseRate?: number;
  seconds: number;
}

async function engineRound(app: App, next: () => Promise<string>): Promise<Round> {
  const campaignId = await next();
  const started = performance.now();
  const result = await runCampaign(app, { campaignId, allWaves: true });
  const seconds = (performance.now() - started) / 1000;
  if (result.summary.stoppedBy !== 'done' || result.counts.failed > 0)
    throw new Error(`the engine run stopped ${result.summary.stoppedBy} with ${result.counts.failed} failed`);
  const store = await app.store();
  const span = await store.db
    .selectFrom('journalEvents')
    .select((eb) => [eb.fn.min('at').as('first'), eb.fn.max('at').as('last')])
    .where('campaignId', '=', campaignId)
    .where('event', 'in', ['apply-start', 'apply-ok'])
    .executeTakeFirstOrThrow();
  const writeSeconds = (Date.parse(String(span.last)) - Date.parse(String(span.first))) / 1000;
  return { rate: result.counts.applied / seconds, writePhaseRate: result.counts.applied / writeSeconds, seconds };
}

async function saturationRound(dns: string[]): Promise<Round> {
  const clients = await Promise.all(Array.from({ length: 4 }, () => client(bind.password, bind.bindName)));
  try {
    let i = 0;
    const started = performance.now();
    await inLanes(
      dns,
      4 * 64,
      async (dn) => void (await clients[i++ % 4]!.modify(dn, [ldapChange('replace', 'pwdLastSet', '0')])),
    );
    const seconds = (performance.now() - started) / 1000;
    return { rate: dns.length / seconds, seconds };
  } finally {
    await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  }
}

const admins = await Promise.all(Array.from({ length: 4 }, () => client()));
const dns = await ensureUsers(admins);
if (dns.length < count) throw new Error(`only ${dns.length} of ${count} users in ${ouDn}`);
const dir = mkdtempSync(join(tmpdir(), 'reclaim-engine-ad-'));
const keyFile = join(dir, 'password-key');
writeFileSync(keyFile, `engine-ad-${process.pid}-0123456789abcdefghijklmnopqrstuvwxyz`, { mode: 0o600 });
const configFile = join(dir, 'reclaim.yaml');
writeFileSync(
  configFile,
  [
    'campaign: { name: "engine-ad bench" }',
    `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
    'directories:',
    `  - { id: lab-ad, kind: ad, urls: ["${info.dcs[0]!.url}"], baseDns: ["${ouDn}"], bindDn: ` +
      `"${info.operator.upn}", password: "file:${info.operator.passwordFile}", caFile: ` +
      `"${info.caFile}" }`,
    `engine: { passwordKey: "file:${keyFile}" }`,
  ].join('\n'),
);
const apps: App[] = [];
const app = (operator: string) => {
  const a = createApp({ configFile, operator });
  apps.push(a);
  return a;
};
const alice = app('alice');
// the AD database was staged, not exfiltrated: a standard-assurance mass reset, must-change for users
const answers: TriageAnswers = {
  indicators: { adDatabaseStaged: { answer: true, evidence: 'bench' } },
  knownCompromisedAccounts: [],
};
let plan: Plan | undefined;
const nextCampaign = async () => {
  const { campaignId } = await recordTriage(alice, { answers, newCampaign: true });
  if (!plan) {
    await discoverDirectories(alice, { campaignId });
    const made = await savedPlan(alice, await makePlan(await proven(alice), { campaignId }));
    plan = made;
    log(`plan: ${JSON.stringify(made.totals.byTreatment)} in ${made.waves.length} waves`);
    if (made.totals.byTreatment.requireChange !== dns.length)
      throw new Error(
        `the plan does not require a change of every bench user: ${JSON.stringify(made.totals.byTreatment)}`,
      );
  } else await importPlan(await proven(alice), { campaignId, plan });
  await approvePlan(await proven(app('bob')), { campaignId });
  await approvePlan(await proven(app('carol')), { campaignId });
  return campaignId;
};

const sides = ['engine', 'ldapmodify', 'saturation'] as const;
const results: Record<(typeof sides)[number], Round[]> = { engine: [], ldapmodify: [], saturation: [] };
try {
  for (let round = 0; round < rounds; round++) {
    const order = [...sides.slice(round % 3), ...sides.slice(0, round % 3)];
    for (const side of round % 2 === 0 ? order : [...order].reverse()) {
      await resetAll(dns, dir);
      const r: Round =
        side === 'engine'
          ? await engineRound(alice, nextCampaign)
          : side === 'ldapmodify'
            ? await (async () => {
                const ms = await ldapmodifyParallel(bind, records(dns, '0'), processes);
                return { rate: dns.length / (ms / 1000), seconds: ms / 1000 };
              })()
            : await saturationRound(dns);
      const shown = await mustChangeCount(admins[0]!);
      if (shown !== dns.length) throw new Error(`${side}: ${shown} of ${dns.length} users show pwdLastSet=0 on the DC`);
      results[side].push(r);
      log(
        `round ${round + 1} ${side}: ${r.rate.toFixed(0)}/s over ${r.seconds.toFixed(1)} ` +
          `s${r.writePhaseRate ? ` (write phase ${r.writePhaseRate.toFixed(0)}/s)` : ''}; read ` +
          `back: ${shown} must change`,
      );
    }
  }
} finally {
  await Promise.all(apps.map((a) => a.close()));
  await Promise.all(admins.map((c) => c.unbind().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
}
const rate = (side: (typeof sides)[number]) => mean(results[side].map((r) => r.rate));
const engineRate = rate('engine');
const baselineRate = rate('ldapmodify');
const dcLimit = Math.max(engineRate, baselineRate, rate('saturation'));
const ratio = engineRate / baselineRate;
const rounded = (side: (typeof sides)[number]) => results[side].map((r) => Math.round(r.rate));
process.stdout.write(
  `${JSON.stringify({
    bench: 'engine-ad',
    metric:
      `must-change writes per second over ${dns.length} users through runCampaign (default ` +
      `config: 64 in flight, 4 connections, SQLite synchronous=FULL, guard and journal), ` +
      `including materialising the waves; vs ldapmodify split over ${processes} processes; the ` +
      `DC's limit: the fastest of the three (a raw client: 4 connections x 64 in flight); mean of ` +
      `${rounds} rotated rounds; every round read back from the DC`,
    value: Math.round(engineRate),
    baseline: Math.round(baselineRate),
    ratio: Number(ratio.toFixed(2)),
    target: '>= 0.9x the matched-concurrency ldapmodify',
    dcLimitPerSecond: Math.round(dcLimit),
    fractionOfDcLimit: Number((engineRate / dcLimit).toFixed(2)),
    rounds: { engine: rounded('engine'), ldapmodify: rounded('ldapmodify'), saturation: rounded('saturation') },
    engineWritePhase: results.engine.map((r) => Math.round(r.writePhaseRate ?? 0)),
    ok: ratio >= 0.9,
  })}\n`,
);
