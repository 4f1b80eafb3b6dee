// stdout is for results, stderr for everything else.

export type Renderer<T> = (value: T) => string;

export function printResult<T>(value: T, json: boolean | undefined, render: Renderer<T>): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : ensureNewline(render(value)));
}

/** One NDJSON event per line on stdout (for --json streams such as `reclaim run`). */
export function printEvent(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/**
 * Writes to stdout and waits while the reader is behind, so a long listing written a page at a
 * time holds one page, not the whole output, in the pipe's queue. A closed pipe ends the wait.
 */
export function writeOut(text: string): Promise<void> {
  const out = process.stdout;
  if (out.write(text) || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'error', 'close']) out.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'error', 'close']) out.once(event, done);
  });
}

export function info(message: string): void {
  process.stderr.write(ensureNewline(message));
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
