#!/usr/bin/env node
// Entry point of the `reclaim` command.
// - In the published package (no src/ folder: package.json "files"), it runs the JavaScript that
//   `npm run build` compiled into dist/.
// - In a clone of the repository, it runs the TypeScript sources through tsx (a devDependency),
//   so tests, scripts and developers always run the code as it is now, never a stale build.
//   `node dist/cli/main.js` runs the build (see bench/cli-start.ts).
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/cli/main.js');
}
