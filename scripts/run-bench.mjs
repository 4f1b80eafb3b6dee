#!/usr/bin/env node
// `npm run bench -- NAME [args]`: brings up the services (scripts/test-services.sh), then runs
// bench/NAME.ts (or bench/NAME/index.ts) with the loopback guard preloaded. Each benchmark prints,
// as its last line, one JSON object: {"bench","metric","value","baseline","ratio","target","ok"}.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { trustLabCa } from './trust-lab-ca.mjs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const [name, ...rest] = process.argv.slice(2);
const candidates = name ? [join(root, 'bench', `${name}.ts`), join(root, 'bench', name, 'index.ts')] : [];
const file = candidates.find((f) => existsSync(f));
if (!file) {
  const known = readdirSync(join(root, 'bench'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''));
  console.error(`usage: npm run bench -- NAME   (known: ${known.join(', ') || 'none yet'})`);
  process.exit(2);
}

const env = { ...process.env };
if (!rest.includes('--no-services')) {
  const services = spawnSync('bash', [join(root, 'scripts/test-services.sh')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (services.status !== 0) process.exit(1);
  for (const line of services.stdout.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
}
trustLabCa(env, root);
const guard = pathToFileURL(join(root, 'test/support/loopback-guard.ts')).href;
env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${import.meta.resolve('tsx')} --import=${guard}`.trim();
const run = spawnSync(process.execPath, ['--expose-gc', file, ...rest.filter((a) => a !== '--no-services')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
