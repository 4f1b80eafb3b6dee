// A static check that no source, test, bench or script file names a path beside the repository
// (such as a sibling `shared` folder's docs). Two forms are caught:
// - a literal of N leading `../` in a file N-1 or fewer folders deep: outside the repository even
//   when resolved from the file's own path (`resolve(fileURLToPath(import.meta.url), '../..')`);
// - a literal starting with `..` joined to a variable named for the repository root
//   (`resolve(repoRoot, '../NAME/...')`).
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';

export interface OutsidePath {
  file: string;
  line: number;
  text: string;
}

const climbing = /(['"`])((?:\.\.\/)+)[^'"`\n]*\1/g;
const fromRoot = /\b(?:resolve|join)\(\s*\w*[rR]oot\w*\s*,\s*(['"`])\.\.(?:\/[^'"`\n]*)?\1/g;
export const scannedExtensions = ['.ts', '.mts', '.mjs', '.js', '.cjs', '.sh'];

/** Every line of `text` (a file at `path`, relative to the repository root) naming a path outside it. */
export function outsidePathsIn(path: string, text: string): OutsidePath[] {
  const depth = path.split('/').length - 1;
  const found: OutsidePath[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*(\/\/|\*|#)/.test(line)) return; // comments read nothing
    const climbs = [...line.matchAll(climbing)].some((m) => (m[2] as string).length / 3 > depth + 1);
    if (climbs || fromRoot.test(line)) found.push({ file: path, line: index + 1, text: line.trim() });
    fromRoot.lastIndex = 0;
  });
  return found;
}

/** The lines of the given files (absolute paths under `root`) that name a path outside `root`. */
export function pathsOutsideRepository(root: string, files: string[]): OutsidePath[] {
  return files
    .filter((file) => scannedExtensions.some((ext) => file.endsWith(ext)))
    .flatMap((file) => outsidePathsIn(relative(root, file).split(sep).join('/'), readFileSync(file, 'utf8')));
}
