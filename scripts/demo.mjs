#!/usr/bin/env node
// `npm run demo`: the whole campaign on the lab (src/app/lab-demo/run-demo.ts), with the lab CA
// trusted from process start.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { trustLabCa } from './trust-lab-ca.mjs';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const env = { ...process.env };
// The lab (and its CA) first, so the demo process can trust the CA from its start.
const up = spawnSync(process.execPath, [join(root, 'bin/reclaim.mjs'), 'lab', 'up'], {
  stdio: 'inherit',
  env,
  cwd: root,
});
if (up.status !== 0) process.exit(up.status ?? 1);
trustLabCa(env, root);
const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/app/lab-demo/run-demo.ts')], {
  stdio: 'inherit',
  env,
  cwd: root,
});
process.exit(run.status ?? 1);
