// Reads a file the operator hands to Reclaim (the configuration, triage answers, an edited plan),
// refusing one larger than its limit before reading it: a 50 MB configuration once took 37 s and
// 2.2 GB of memory to refuse. The error names the file, its size and the limit.
import { closeSync, openSync, readSync } from 'node:fs';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ErrorCode } from '../../core/errors/error-catalog.ts';

export interface InputFileKind {
  /** what the file is, for messages: "config file", "triage answers file", "plan file" */
  what: string;
  /** the largest size accepted, in bytes */
  maxBytes: number;
  /** the error code of an unreadable or oversized file (CONFIG_INVALID, INPUT_INVALID) */
  code: ErrorCode;
}

/** 1 MiB: a configuration or an answers file is a few kilobytes. */
export const SMALL_INPUT_MAX_BYTES = 1024 * 1024;

export function readInputFile(file: string, kind: InputFileKind): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(file, kind, error);
  }
  try {
    // SAFETY: read at most one byte past the limit, whatever the file claims to be (a FIFO, a file
    // still growing): the size is never trusted, the bytes read are.
    const buffer = Buffer.alloc(Math.min(kind.maxBytes + 1, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > kind.maxBytes) {
        throw new ReclaimError(
          kind.code,
          `${file}: the ${kind.what} is larger than its limit of ${formatBytes(kind.maxBytes)}: refused without reading further`,
          { where: file },
        );
      }
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (error) {
    if (error instanceof ReclaimError) throw error;
    throw unreadable(file, kind, error);
  } finally {
    closeSync(fd);
  }
}

const reasons: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

function unreadable(file: string, kind: InputFileKind, error: unknown): ReclaimError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = reasons[code] ?? (error instanceof Error ? error.message : String(error));
  return new ReclaimError(kind.code, `cannot read ${kind.what} ${file} (${reason})`, { cause: error, where: file });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
