// stdout is for results, stderr for everything else.

export type Renderer<T> = (value: T) => string;

export function printResult<T>(value: T, json: boolean | undefined, render: Renderer<T>): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : ensureNewline(render(value)));
}

/** One NDJSON event per line on stdout (for --json streams such as `reclaim run`). */
export function printEvent(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

export function info(message: string): void {
  process.stderr.write(ensureNewline(message));
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
