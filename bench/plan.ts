// `npm run bench -- plan [--count N] [--no-services]`: plans one million synthetic identities
// (built here, deterministically) and reports time and peak memory against an absolute target:
// planning under 10 s and peak RSS under 1 GB (no other tool plans from these inputs, so there is
// no fair baseline to run beside it).
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { Identity, Registration } from '../src/core/identity.ts';
import { planCampaign, type CampaignSettings } from '../src/core/planning/plan-campaign.ts';
import type { HashPort } from '../src/core/planning/plan-hash.ts';
import { decideTriage } from '../src/core/triage/decide-triage.ts';
import { numberArg } from './support/number-arg.ts';

const count = numberArg('--count', 1_000_000);
const now = '2026-11-26T09:00:00.000Z';
const vpnCert = 'CN=VPN-Cert,OU=Groups,DC=corp,DC=example';
const vpnPassword = 'CN=VPN-Password,OU=Groups,DC=corp,DC=example';

/** mulberry32: a small deterministic generator, so every run plans the same population */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Shared values, as a directory store would intern them: the population, not these, is the load.
const none: string[] = [];
const certGroups = [vpnCert];
const passwordGroups = [vpnPassword];
const spns = ['HTTP/app.corp.example'];
const noAttributes = {};
const adminReason = [{ source: 'RID 512', name: 'Domain Admins' }];
const roleReason = [{ source: 'entra-role', name: 'Global Administrator', assignment: 'eligible' as const }];
const registered: Registration = {
  ssprRegistered: true,
  mfaRegistered: true,
  phishingResistant: false,
  methods: ['microsoftAuthenticator'],
};
const unregistered: Registration = {
  ssprRegistered: false,
  mfaRegistered: false,
  phishingResistant: false,
  methods: [],
};
const departments = Array.from({ length: 250 }, (_, i) => `Department ${String(i).padStart(3, '0')}`);
// the accounts every real domain has and a plan must never touch
const special: Record<number, string> = { 0: 'krbtgt', 1: 'bg-admin', 2: 'svc-reclaim', 3: 'MSOL_5f3c2a1b9d7e' };
const recent = '2026-11-20T08:00:00.000Z';
const stale = '2025-12-01T08:00:00.000Z';

/** 60 % AD users (half of them synced, with their Entra side), 10 % cloud-only; 1M identities in all. */
function population(n: number): Identity[] {
  const next = random(20261126);
  const out: Identity[] = [];
  let i = 0;
  while (out.length < n) {
    const r = next();
    const department = departments[Math.floor(next() * departments.length)] as string;
    const name = special[i] ?? (r < 0.005 ? `adm-${i}` : r < 0.02 ? `svc-${i}` : `user${i}`);
    const synced = out.length + 1 < n && next() < 0.5;
    const key = `ad-${i}`;
    const cloud = next() < 0.14 && special[i] === undefined;
    if (cloud) {
      out.push(base(`cloud-${i}`, `c${i}@corp.example`, 'entra', 'cloud', department, next, r));
    } else {
      const ad = base(key, name, 'ad', 'corp', department, next, r);
      if (i === 0) ad.accountType = 'krbtgt';
      else if (r > 0.97 && special[i] === undefined) ad.accountType = 'computer';
      if (synced) {
        ad.linkedTo = { directory: 'cloud', key: `sync-${i}` };
        const e = base(`sync-${i}`, `${name}@corp.example`, 'entra', 'cloud', department, next, 1);
        e.onPremisesSyncEnabled = true;
        e.linkedTo = { directory: 'corp', key };
        out.push(ad, e);
      } else out.push(ad);
    }
    i++;
  }
  return out.slice(0, n);
}

function base(
  key: string,
  name: string,
  kind: 'ad' | 'entra',
  directory: string,
  department: string,
  next: () => number,
  r: number,
): Identity {
  const g = next();
  const identity = {
    directory,
    kind,
    key,
    name,
    department,
    accountType: 'user',
    enabled: next() > 0.04,
    passwordNeverExpires: r >= 0.005 && r < 0.02,
    smartcardRequired: next() < 0.01,
    cannotChangePassword: false,
    passwordLastSetAt: recent,
    mustChangePassword: false,
    lastLogonAt: next() < 0.03 ? stale : recent,
    memberOf: kind === 'entra' ? none : g < 0.1 ? passwordGroups : g < 0.25 ? certGroups : none,
    servicePrincipalNames: r >= 0.005 && r < 0.01 && kind === 'ad' ? spns : none,
    privileged: r < 0.005 ? (kind === 'ad' ? adminReason : roleReason) : [],
    attributes: noAttributes,
  } as Identity;
  if (kind === 'ad') identity.dn = `CN=${name},OU=Users,DC=corp,DC=example`;
  else identity.registration = next() < 0.7 ? registered : unregistered;
  return identity;
}

const sha256: HashPort = (chunks) => {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex');
};

const settings: CampaignSettings = {
  segments: {
    vpnCertificateGroup: vpnCert,
    vpnPasswordGroup: vpnPassword,
    breakGlass: ['bg-admin'],
    serviceAccountOus: [],
    serviceAccountNamePatterns: ['^svc[-_]'],
    inactiveDays: 90,
  },
  protected: { identities: ['svc-reclaim'], groups: [] },
  helpdesk: {
    agents: 150,
    callsPerAgentHour: 8,
    hoursPerDay: 8,
    shifts: [
      { name: 'EMEA', agents: 60, startHour: 8, hours: 9, utcOffsetHours: 1 },
      { name: 'Americas', agents: 60, startHour: 8, hours: 9, utcOffsetHours: -5 },
      { name: 'APAC', agents: 30, startHour: 8, hours: 9, utcOffsetHours: 8 },
    ],
  },
  waves: { groupBy: 'department', deadlineHours: 72, reminderHours: [24, 4], graceHours: 4, maxSize: 25_000 },
  guardrails: { blastRadius: 5_000 },
  readiness: { passwordWritebackEnabled: true, forceChangeSyncEnabled: true },
};
const triage = decideTriage(
  { indicators: { privilegedIdentitiesCompromised: { answer: true } }, knownCompromisedAccounts: [] },
  { answeredBy: 'bench', answeredAt: now },
);
const directories = [
  { id: 'corp', kind: 'ad' as const, writesPerSecond: 25 },
  { id: 'cloud', kind: 'entra' as const, writesPerSecond: 10 },
];

const gc = (globalThis as { gc?: () => void }).gc;
const identities = population(count);
gc?.();
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const plan = planCampaign({
  identities,
  triage,
  settings,
  directories,
  startAt: '2026-11-26T10:00:00.000Z',
  now,
  hash: sha256,
});
const planMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
// the machine is shared: the load average says how much of the wall time was spent waiting for a core
const load = loadavg()[0] ?? 0;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.error(
  `plan: ${identities.length} identities -> ${plan.totals.identities} assigned, ${plan.protected.length} protected, ${plan.outOfScope.count} out of scope, ` +
    `${plan.waves.length} waves, ${plan.totals.expectedCalls} expected calls, ${plan.totals.durationHours} h; ` +
    `${(planMs / 1000).toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (load average ` +
    `${load.toFixed(1)} on ${cpus().length} cores), peak RSS ${peakRssMb.toFixed(0)} MB ` +
    `(population alone ${(rssBefore / 1048576).toFixed(0)} MB), hash ` +
    `${plan.contentHash.slice(0, 12)}`,
);
// No fair baseline exists (no other tool plans a mass reset from these inputs): an absolute target.
const budgetSeconds = 10;
const budgetRssMb = 1024;
const ok = planMs < budgetSeconds * 1000 && peakRssMb < budgetRssMb;
console.log(
  JSON.stringify({
    bench: 'plan',
    metric:
      `wall seconds to plan ${identities.length} identities (peak RSS ${peakRssMb.toFixed(0)} ` +
      `MB, ${cpuSeconds.toFixed(2)} s CPU, load ${load.toFixed(1)}); the baseline is the absolute ` +
      `time budget`,
    value: Number((planMs / 1000).toFixed(3)),
    baseline: budgetSeconds,
    ratio: Number((planMs / 1000 / budgetSeconds).toFixed(2)),
    target: `< ${budgetSeconds} s and peak RSS < ${budgetRssMb} MB (absolute: no fair baseline)`,
    peakRssMb: Math.round(peakRssMb),
    ok,
  }),
);
