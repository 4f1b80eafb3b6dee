#!/usr/bin/env node
// The `reclaim` entry point, the only file that calls process.exit (the CLI itself: run-cli.ts).
import { runCli } from './run-cli.ts';

// SAFETY: a reader that goes away (`reclaim audit list | head -1`) closes the pipe. Its EPIPE is
// not an error of the command: the rest of the output is dropped and the command still completes,
// so a closed pipe never stops a command halfway through its writes.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// A large answer to a reader that is slower than us (`verify --json` at 200,000 identities: 30 MB)
// is still queued in the pipe: wait until both streams have handed everything over (a closed
// pipe calls back too), or the forced end below cuts the output short.
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// Let open handles close on their own; a command that leaves one open would hang the CLI, so end anyway.
setTimeout(() => process.exit(code), 200).unref();
