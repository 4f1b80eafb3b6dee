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
// Let open handles close on their own; a command that leaves one open would hang the CLI, so end anyway.
setTimeout(() => process.exit(code), 200).unref();
