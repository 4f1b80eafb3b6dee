// Copies the repository's files (what git tracks, plus new files git does not ignore) into a new
// folder that has no sibling folders, with node_modules as a symlink to the original's, so tests
// can run from a place where nothing beside the repository exists.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface RepositoryCopy {
  root: string;
  files: string[];
  remove(): void;
}

export function repositoryFiles(root: string): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return [...new Set(listed.split('\0').filter(Boolean))]
    .filter((path) => !path.startsWith('node_modules/') && !path.startsWith('.lab/') && path !== 'node_modules')
    .filter((path) => existsSync(join(root, path)));
}

export function copyRepository(root: string): RepositoryCopy {
  const parent = mkdtempSync(join(tmpdir(), 'reclaim-alone-'));
  const copy = join(parent, 'reclaim');
  const files = repositoryFiles(root);
  for (const path of files) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    copyFileSync(join(root, path), join(copy, path));
  }
  symlinkSync(realpathSync(join(root, 'node_modules')), join(copy, 'node_modules'), 'dir');
  return {
    root: copy,
    files: files.map((path) => join(copy, path)),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}
