// `reclaim lab up|status|down|reset|seed`: the Samba AD DC lab on loopback and its synthetic
// organisation. Logs go to stderr; results to stdout (--json for a JSON document).
import { Command } from 'commander';
import { labDir } from '../../lab/samba/lab-info.ts';
import { labDown, labReset } from '../../lab/samba/lab-down.ts';
import { withLabLock } from '../../lab/samba/lab-lock.ts';
import { labStatus } from '../../lab/samba/lab-status.ts';
import { assertLoopbackIp } from '../../lab/samba/loopback-address.ts';
import { labUp, type LabUpResult } from '../../lab/samba/lab-up.ts';
import { ensureGraphEmulator, stopGraphEmulator } from '../../lab/graph/emulator-process.ts';
import { SECOND_LAB_SERVICES, type LabOverrides } from '../../lab/samba/lab-settings.ts';
import { labSeed, type SeedResult } from '../../lab/seed/lab-seed.ts';
import { MIN_USERS } from '../../lab/seed/generate-organisation.ts';
import { multiDcCount, multiDcDown } from '../../lab/samba/multi-dc/multi-dc-down.ts';
import { multiLabDir } from '../../lab/samba/multi-dc/multi-dc-settings.ts';
import { multiDcUp, renderMultiDcUp } from '../../lab/samba/multi-dc/multi-dc-up.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { info, printResult } from '../output.ts';

const log = (line: string) => info(`lab: ${line}`);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface UpFlags {
  json?: boolean;
  ip?: string;
  secondLab?: boolean;
}

function overridesFrom(flags: UpFlags): LabOverrides {
  if (flags.ip) assertLoopbackIp(flags.ip); // before anything is created
  return { ...(flags.ip ? { ip: flags.ip } : {}), ...(flags.secondLab ? { services: SECOND_LAB_SERVICES } : {}) };
}

export function renderUp(r: LabUpResult): string {
  const t = r.timings;
  if (r.alreadyRunning) return `lab already running at ${r.url} (pid ${r.pid}); checked in ${secs(t.totalMs)}`;
  return [
    `lab up at ${r.url} (pid ${r.pid}) in ${secs(t.totalMs)}`,
    `  install ${secs(t.installMs)}${r.installedPackages.length ? ` (${r.installedPackages.length} packages)` : ' (packages present)'}`,
    `  provision ${secs(t.provisionMs)}${r.restoredFresh ? ' (fresh-domain snapshot)' : r.provisioned ? '' : ' (already provisioned)'}`,
    `  start ${secs(t.startMs)}, ready after ${secs(t.readyMs)}, svc-reclaim ${secs(t.operatorMs)}`,
  ].join('\n');
}

function upOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print the result as JSON')
    .option('--ip <address>', 'loopback address for the DC (default 127.0.0.1, or what lab.json recorded)')
    .option('--second-lab', 'run without s3fs/winbindd, so it can coexist with the main lab (samba-lab.md §4)');
}

export function labCommand(): Command {
  const lab = new Command('lab').description('the Samba AD DC lab on loopback (folder: $RECLAIM_LAB_DIR or .lab)');
  upOptions(lab.command('up').description('install, provision and start the lab DC if needed; a no-op when it runs'))
    .option(
      '--dcs <n>',
      'several replicating DCs (2-4) on 127.0.0.21.., in their own lab folder ($RECLAIM_LAB_DIR or /tmp/reclaim-lab-multi)',
    )
    .option('--no-graph', 'do not start the Graph emulator beside the DC')
    .action(async (flags: UpFlags & { dcs?: string; graph?: boolean }) => {
      if (flags.dcs !== undefined && flags.dcs !== '1') {
        const count = positiveInt('--dcs', flags.dcs, 2);
        const dir = process.env.RECLAIM_LAB_DIR ? labDir() : multiLabDir();
        const r = await withLabLock(dir, () => multiDcUp(dir, count, log), undefined, log);
        printResult(r, flags.json, renderMultiDcUp);
        return;
      }
      const overrides = overridesFrom(flags);
      const dir = labDir();
      const result = await withLabLock(dir, () => labUp(dir, overrides, log), undefined, log);
      // The Graph emulator runs beside the DC (it mirrors the domain as the hybrid tenant).
      const graph = flags.graph === false ? undefined : await ensureGraphEmulator(dir);
      printResult(
        { ...result, graph },
        flags.json,
        (r) =>
          renderUp(r) + (graph ? `\nGraph emulator at ${graph.url} (tenant ${graph.tenantId}, pid ${graph.pid})` : ''),
      );
    });
  lab
    .command('status')
    .description('whether the lab DC runs, its pid, URL, user count and readiness time')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { json?: boolean }) => {
      const s = await labStatus(labDir());
      printResult(s, flags.json, (v) =>
        v.running && v.users === null
          ? `running (pid ${v.pid}) but not answering LDAPS at ${v.url} yet (starting, or restoring a snapshot)`
          : v.running
            ? `running at ${v.url} (pid ${v.pid}), ${v.users} users; probe ${v.probeMs} ms` +
              (v.lastUp ? `; last start ${v.lastUp.at}, ready after ${secs(v.lastUp.readyMs)}` : '')
            : `not running (${v.provisioned ? 'provisioned' : 'not provisioned'}) in ${v.labDir}`,
      );
    });
  lab
    .command('down')
    .description('stop the lab DC (SIGTERM by pid) and wait until all its processes exited')
    .option('--json', 'print the result as JSON')
    .option('--dcs <n>', 'stop the several-DC lab brought up with `lab up --dcs N`')
    .action(async (flags: { json?: boolean; dcs?: string }) => {
      // --dcs N, or RECLAIM_LAB_DIR naming a several-DC lab: stop all its DCs
      const several = flags.dcs === undefined ? multiDcCount(labDir()) : positiveInt('--dcs', flags.dcs, 2);
      if (several !== undefined) {
        const dir = process.env.RECLAIM_LAB_DIR ? labDir() : multiLabDir();
        const stopped = await withLabLock(dir, () => multiDcDown(dir, several), undefined, log);
        printResult({ labDir: dir, stopped }, flags.json, (v) =>
          v.stopped.length ? `stopped ${v.stopped.join(', ')}` : 'no DC of that lab was running',
        );
        return;
      }
      const dir = labDir();
      const graph = await stopGraphEmulator(dir);
      const r = await withLabLock(dir, () => labDown(dir), undefined, log);
      printResult(
        { ...r, graphWasRunning: graph.wasRunning },
        flags.json,
        (v) =>
          (v.wasRunning ? `lab stopped in ${secs(v.stopMs)}` : 'lab was not running') +
          (v.graphWasRunning ? '; Graph emulator stopped' : ''),
      );
    });
  upOptions(
    lab
      .command('reset')
      .description('stop the lab, delete its domain and start an empty one (from the fresh-domain snapshot)'),
  )
    .option('--reprovision', 'provision a new domain (new domain SID) instead of restoring the fresh-domain snapshot')
    .action(async (flags: UpFlags & { reprovision?: boolean }) => {
      const overrides = overridesFrom(flags);
      const dir = labDir();
      const r = await withLabLock(dir, () => labReset(dir, overrides, log, flags.reprovision), undefined, log);
      printResult(r, flags.json, (v) => `stopped in ${secs(v.down.stopMs)}\n${renderUp(v.up)}`);
    });
  upOptions(lab.command('seed').description('build the synthetic organisation (no-op when the domain already has it)'))
    .option('--users <n>', `number of accounts (at least ${MIN_USERS})`, '2000')
    .option('--seed <s>', 'seed of the generator (same seed, same organisation)', '1')
    .option('--connections <n>', 'LDAPS connections for the adds (4 requests in flight on each)', '1')
    .action(async (flags: UpFlags & { users: string; seed: string; connections: string }) => {
      const users = positiveInt('--users', flags.users);
      const seed = positiveInt('--seed', flags.seed, 0);
      const connections = positiveInt('--connections', flags.connections, 1);
      if (users < MIN_USERS)
        throw new ReclaimError('USAGE_INVALID', `--users must be at least ${MIN_USERS} (got ${users})`);
      const overrides = overridesFrom(flags);
      const dir = labDir();
      const r = await withLabLock(
        dir,
        () => labSeed(dir, { users, seed, connections }, overrides, log),
        undefined,
        log,
      );
      printResult(r, flags.json, renderSeed);
    });
  return lab;
}

function positiveInt(flag: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min) {
    throw new ReclaimError('USAGE_INVALID', `${flag} must be a whole number of at least ${min} (got "${raw}")`);
  }
  return n;
}

export function renderSeed(r: SeedResult): string {
  const head = `lab seed users=${r.users} seed=${r.seed}: ${r.action} in ${secs(r.timings.totalMs)}`;
  const lines = [head, `  manifest ${r.manifestFile}`];
  if (r.apply) {
    lines.push(
      `  ${r.apply.accounts} accounts (${r.apply.accountsWithPassword} with a password)` +
        ` in ${secs(r.apply.accountsMs)}: ${r.apply.accountsPerSecond} accounts/s`,
    );
  }
  if (r.resetFirst) lines.push(`  domain reset first in ${secs(r.timings.resetMs)}`);
  if (r.timings.restoreMs) lines.push(`  restored from snapshot in ${secs(r.timings.restoreMs)}`);
  if (r.timings.snapshotMs) lines.push(`  snapshot taken in ${secs(r.timings.snapshotMs)}`);
  return lines.join('\n');
}
