import { renameSync, writeFileSync } from 'node:fs';

/** Writes a whole file or nothing: a crash leaves either the old file or the new one. */
export function writeFileAtomic(file: string, content: string | Buffer, mode?: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, mode === undefined ? {} : { mode });
  renameSync(tmp, file);
}
