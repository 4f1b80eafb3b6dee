// stdout is for results, stderr for everything else.

export type Renderer<T> = (value: T) => string;

export function printResult<T>(value: T, json: boolean | undefined, render: Renderer<T>): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : ensureNewline(render(value)));
}

/**
 * A list read a page at a time (from the store) where an answer shows an array: printLongResult
 * writes it as the array it stands for, element by element, never holding it whole.
 */
export class PagedList<T> {
  constructor(readonly pages: () => AsyncIterable<readonly T[]>) {}

  async *items(): AsyncGenerator<T> {
    for await (const page of this.pages()) yield* page;
  }
}

/**
 * printResult for an answer that may list many people (`verify`): the same text, with each
 * top-level array or PagedList written an element at a time as stdout drains, never as one string
 * of the whole answer (tens of MB at 100,000 people).
 */
export async function printLongResult<T extends object>(
  value: T,
  json: boolean | undefined,
  render: (value: T) => Iterable<string> | AsyncIterable<string>,
  write: (text: string) => Promise<void> = writeOut,
): Promise<void> {
  if (!json) {
    for await (const line of render(value)) await write(`${line}\n`);
    return;
  }
  for await (const chunk of prettyJsonChunks(value)) await write(chunk);
}

/**
 * JSON.stringify(value, null, 2) + newline, in chunks, a PagedList standing for its array: a
 * top-level array is cut between its elements.
 */
export async function* prettyJsonChunks(value: object): AsyncGenerator<string> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (Array.isArray(value) || entries.length === 0) {
    yield `${JSON.stringify(value, null, 2)}\n`;
    return;
  }
  yield '{';
  for (const [i, [key, v]] of entries.entries()) {
    const head = `${i > 0 ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(v) && !(v instanceof PagedList)) {
      yield `${head}${JSON.stringify(v, null, 2).replaceAll('\n', '\n  ')}`;
      continue;
    }
    let batch = '';
    let count = 0;
    for await (const item of v instanceof PagedList ? v.items() : v) {
      batch += `${count > 0 ? ',' : `${head}[`}\n    ${(JSON.stringify(item, null, 2) ?? 'null').replaceAll('\n', '\n    ')}`;
      count += 1;
      if (batch.length > 65_536) {
        yield batch;
        batch = '';
      }
    }
    yield count > 0 ? `${batch}\n  ]` : `${head}[]`;
  }
  yield '\n}\n';
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
