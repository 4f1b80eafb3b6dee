// Fails when a source line runs past 160 characters (the formatter wraps code at 120, but not
// strings or comments). Prints every offender as FILE:LINE (LENGTH) so an editor can jump to it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const LIMIT = 160;
const root = join(import.meta.dirname, '..');
const folders = ['src', 'test', 'bench', 'scripts', 'bin'];
const checked = /\.(ts|mts|mjs|js|html|css)$/;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (checked.test(entry.name)) yield path;
  }
}

const offenders: string[] = [];
let files = 0;
for (const folder of folders) {
  for (const file of sourceFiles(join(root, folder))) {
    files += 1;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.length > LIMIT) offenders.push(`${relative(root, file)}:${i + 1} (${line.length})`);
      });
  }
}
if (offenders.length > 0) {
  console.error(`${offenders.length} line(s) longer than ${LIMIT} characters:\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log(`line length: ${files} files, no line over ${LIMIT} characters`);
