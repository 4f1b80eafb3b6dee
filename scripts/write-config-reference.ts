// `npm run docs:config`: writes docs/configuration.md and docs/reclaim.schema.json from the config
// schema. `--check`: writes nothing, exits 1 naming the files that are out of date.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from './config-reference/config-json-schema.ts';
import { renderConfigReference } from './config-reference/render-config-reference.ts';

const root = resolve(fileURLToPath(import.meta.url), '../..');
export const configReferenceFiles = {
  'docs/configuration.md': renderConfigReference,
  'docs/reclaim.schema.json': configJsonSchemaText,
} as const;

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [path, render] of Object.entries(configReferenceFiles)) {
  const file = join(root, path);
  const text = render();
  if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
  stale.push(path);
  if (!check) writeFileSync(file, text);
}
if (check && stale.length > 0) {
  process.stderr.write(
    `out of date with src/app/config/config-schema.ts: ${stale.join(', ')} (run npm run docs:config)\n`,
  );
  process.exit(1);
}
process.stderr.write(
  stale.length === 0 ? 'the configuration reference is up to date\n' : `wrote ${stale.join(', ')}\n`,
);
