// A minimal POSIX ustar writer for the evidence pack: regular files only, flat names, fixed mode
// and owner, the given modification time. Deterministic: the same files and time give the same
// bytes, so a pack can be rebuilt and compared. Readable by GNU tar, bsdtar and 7-Zip.
import { ReclaimError } from '../core/errors/reclaim-error.ts';

export interface TarEntry {
  name: string;
  content: Buffer;
}

const block = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtimeSeconds: number): Buffer {
  const h = Buffer.alloc(block, 0);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtimeSeconds, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('reclaim', 265, 'ascii');
  h.write('reclaim', 297, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

export function tarArchive(entries: readonly TarEntry[], mtime: Date): Buffer {
  const parts: Buffer[] = [];
  const seconds = Math.floor(mtime.getTime() / 1000);
  for (const entry of entries) {
    if (Buffer.byteLength(entry.name) > 100 || entry.name.includes('..') || entry.name.startsWith('/')) {
      throw new ReclaimError(
        'INPUT_INVALID',
        `evidence pack: the file name ${entry.name} cannot go in the archive (at most 100 bytes, relative, no ..)`,
      );
    }
    parts.push(header(entry.name, entry.content.length, seconds), entry.content);
    const pad = (block - (entry.content.length % block)) % block;
    if (pad > 0) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(block * 2, 0));
  return Buffer.concat(parts);
}
