// `npm run bench -- cli-start --no-services [--rounds N] [--no-build]`: how fast the compiled
// `reclaim` starts, against `node -e 0` run side by side. The package is built first (dist/, as
// `npm pack` does) and run through its own bin/reclaim.mjs from a package layout (bin, dist,
// package.json and node_modules, no src/), so what is timed is what `npm install -g` gives.
// Per round, in turn: `node -e 0`, `reclaim --help`, `reclaim pause` and `reclaim status --json`
// on a small SQLite store (one triaged campaign), then an untimed `resume`. Pause is also timed to
// the moment the kill switch was engaged in the store (its changedAt), which is when every engine
// stops taking work (issue 19: within 1 s of the command being typed).
// Targets: --help under 0.3 s (median); pause engaged under 1 s (every round).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { numberArg } from './support/number-arg.ts';

const rounds = numberArg('--rounds', 10);
const root = resolve(import.meta.dirname, '..');
const log = (text: string) => process.stderr.write(`${text}\n`);

if (!process.argv.includes('--no-build')) {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

// The package layout: what `npm pack` ships (bin, dist, package.json), beside the installed modules.
const dir = mkdtempSync(join(tmpdir(), 'reclaim-cli-start-'));
const pkg = join(dir, 'package');
mkdirSync(join(pkg, 'bin'), { recursive: true });
copyFileSync(join(root, 'bin/reclaim.mjs'), join(pkg, 'bin/reclaim.mjs'));
copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'));
symlinkSync(join(root, 'dist'), join(pkg, 'dist'));
symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
const config = join(dir, 'reclaim.yaml');
writeFileSync(
  config,
  [
    'campaign: { name: "cli-start bench" }',
    `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
    'directories:',
    '  - { id: corp, kind: ad, urls: ["ldaps://127.0.0.1:1636"], baseDns: ["DC=corp,DC=example"], ' +
      'bindDn: "svc@corp.example", password: "env:UNUSED_PASSWORD" }',
  ].join('\n'),
);

// The timed commands run as a user runs them: without the bench's NODE_OPTIONS (tsx, the guard).
const { NODE_OPTIONS: _, ...env } = process.env;
const bin = join(pkg, 'bin/reclaim.mjs');

/** CPU seconds used by this process's waited-for children so far (/proc/self/stat cutime + cstime). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Timed {
  seconds: number;
  cpu: number;
  stdout: string;
  startedAt: number;
}

function timed(args: string[]): Timed {
  const cpu0 = childCpuSeconds();
  const startedAt = Date.now();
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...env, RECLAIM_OPERATOR: 'bench' } });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { seconds, cpu: childCpuSeconds() - cpu0, stdout: run.stdout, startedAt };
}

const reclaim = (...args: string[]) => timed([bin, '-c', config, ...args]);

try {
  const triage = reclaim('triage', '--answers', join(root, 'examples/triage-answers.yaml'), '--json');
  log(`store ready: campaign ${(JSON.parse(triage.stdout) as { campaignId: string }).campaignId}`);
  const samples: Record<'node' | 'help' | 'status' | 'pause' | 'engaged', number[]> = {
    node: [],
    help: [],
    status: [],
    pause: [],
    engaged: [],
  };
  const cpu: Record<'node' | 'help' | 'status' | 'pause', number[]> = { node: [], help: [], status: [], pause: [] };
  for (let round = 1; round <= rounds; round++) {
    const node = timed(['-e', '0']);
    const help = reclaim('--help');
    const pause = reclaim('pause', '--reason', 'cli-start bench', '--json');
    const status = reclaim('status', '--json');
    const { killSwitch } = JSON.parse(status.stdout) as { killSwitch: { engaged: boolean; changedAt?: string } };
    if (!killSwitch.engaged || !killSwitch.changedAt) throw new Error('pause did not engage the kill switch');
    const engaged = (Date.parse(killSwitch.changedAt) - pause.startedAt) / 1000;
    reclaim('resume', '--yes', '--reason', 'cli-start bench');
    for (const [name, t] of [
      ['node', node],
      ['help', help],
      ['status', status],
      ['pause', pause],
    ] as const) {
      samples[name].push(t.seconds);
      cpu[name].push(t.cpu);
    }
    samples.engaged.push(engaged);
    log(
      `round ${round}: node -e 0 ${node.seconds.toFixed(3)} s, --help ${help.seconds.toFixed(3)} s, ` +
        `pause ${pause.seconds.toFixed(3)} s (engaged after ${engaged.toFixed(3)} s), ` +
        `status --json ${status.seconds.toFixed(3)} s; load ${loadavg()[0]!.toFixed(1)}`,
    );
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const r3 = (x: number) => Number(x.toFixed(3));
  const help = median(samples.help);
  const node = median(samples.node);
  const engagedMax = Math.max(...samples.engaged);
  const load = loadavg()[0] ?? 0;
  console.log(
    JSON.stringify({
      bench: 'cli-start',
      metric: `median wall seconds of \`reclaim --help\` from the compiled package, ${rounds} rounds (load ${load.toFixed(1)} on ${cpus().length} cores)`,
      value: r3(help),
      baseline: r3(node),
      baselineName: 'node -e 0',
      ratio: r3(help / node),
      target: '--help < 0.3 s; pause engages the kill switch < 1 s',
      ok: help < 0.3 && engagedMax < 1,
      extra: {
        statusJson: r3(median(samples.status)),
        pause: r3(median(samples.pause)),
        pauseEngagedMedian: r3(median(samples.engaged)),
        pauseEngagedMax: r3(engagedMax),
        cpuSeconds: {
          node: r3(median(cpu.node)),
          help: r3(median(cpu.help)),
          status: r3(median(cpu.status)),
          pause: r3(median(cpu.pause)),
        },
        rounds,
      },
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
