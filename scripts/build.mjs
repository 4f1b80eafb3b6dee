#!/usr/bin/env node
// `npm run build` (and `npm pack`, through prepack): compiles src/ into dist/ with tsc
// (tsconfig.build.json), then copies the runtime files that are not TypeScript (the console's
// HTML, CSS and JavaScript in src/web, ...) to the same place under dist/, where the compiled
// code finds them through import.meta.url exactly as the sources do.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const src = join(root, 'src');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  console.error(`tsc failed (exit ${compiled.status}); dist/ is incomplete`);
  process.exit(1);
}

/** Files under src/ the compiled code reads at run time: everything but TypeScript and the folders' READMEs. */
function runtimeAssets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return runtimeAssets(full);
    return entry.name.endsWith('.ts') || entry.name === 'README.md' ? [] : [full];
  });
}

const assets = runtimeAssets(src);
for (const file of assets) cpSync(file, join(dist, relative(src, file)));
console.error(
  `built dist/ (${assets.length} runtime files copied from src/: ${[...new Set(assets.map((f) => relative(src, dirname(f))))].join(', ')})`,
);
