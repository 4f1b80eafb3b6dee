// The DC of bench/campaign-100k.ts: a lab of its own (a second lab folder on 127.0.0.31, beside the
// shared one: samba-lab.md §4), so 100,000 bench accounts never weigh on the domain the tests use
// (an add costs Samba time in proportion to the domain; the DC's own in-chain searches slow down).
// The first run provisions it and seeds N accounts (campaign-ou.ts), then saves the DC folder as a
// snapshot; every run starts from that snapshot, so each measures the same domain and seeding is
// paid once per machine. Stopped at the end of the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LabInfo, readLabInfo } from '../../src/lab/samba/lab-info.ts';
import { runLabTool } from '../../src/lab/samba/run-lab-tool.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'reclaim.mjs');
/** RECLAIM_CAMPAIGN_LAB_IP (with RECLAIM_CAMPAIGN_LAB_DIR) runs a second campaign DC beside a first one. */
export const CAMPAIGN_LAB_IP = process.env.RECLAIM_CAMPAIGN_LAB_IP ?? '127.0.0.31';

export function campaignLabDir(): string {
  return process.env.RECLAIM_CAMPAIGN_LAB_DIR ?? join(tmpdir(), 'reclaim-lab-campaign');
}

function lab(dir: string, args: string[]): void {
  const run = spawnSync(process.execPath, [bin, 'lab', ...args], {
    env: { ...process.env, RECLAIM_LAB_DIR: dir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status !== 0)
    throw new Error(`reclaim lab ${args.join(' ')} (in ${dir}) exited ${run.status}:\n${run.stderr.slice(-2000)}`);
}

const tar = (step: string, args: string[]) => runLabTool(step, 'tar', args);

const snapshotOf = (dir: string, count: number) => join(dir, 'snapshots', `campaign-${count}.tar`);

export const up = (dir: string) => lab(dir, ['up', '--ip', CAMPAIGN_LAB_IP, '--second-lab', '--no-graph']);
export const down = (dir: string) => lab(dir, ['down']);

/**
 * The campaign DC, running, from its seeded snapshot when one exists for `count` (true), or from
 * the domain as it is (false: the caller seeds, then calls saveSeeded).
 */
export function startCampaignLab(
  dir: string,
  count: number,
  log: (line: string) => void,
): { info: LabInfo; restored: boolean } {
  mkdirSync(dir, { recursive: true });
  const snapshot = snapshotOf(dir, count);
  let restored = false;
  if (existsSync(snapshot) && existsSync(join(dir, 'lab.json'))) {
    down(dir);
    const started = performance.now();
    rmSync(join(dir, 'dc1'), { recursive: true, force: true });
    tar('restore the seeded campaign domain', ['-C', dir, '-xf', snapshot]);
    restored = true;
    log(
      `restored the ${count}-account domain from ${snapshot} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  up(dir);
  return { info: readLabInfo(dir), restored };
}

/** Saves the seeded DC folder (samba stopped for a consistent copy, then started again). */
export function saveSeeded(dir: string, count: number, log: (line: string) => void): void {
  const snapshot = snapshotOf(dir, count);
  mkdirSync(join(dir, 'snapshots'), { recursive: true, mode: 0o700 });
  down(dir);
  const started = performance.now();
  tar('snapshot the seeded campaign domain', ['-C', dir, '-cf', `${snapshot}.tmp`, 'dc1']);
  renameSync(`${snapshot}.tmp`, snapshot);
  log(`saved the seeded domain as ${snapshot} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  up(dir);
}
