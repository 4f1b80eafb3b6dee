// The lab's stand-in for the step of password hash sync that fetches hashes: Entra Connect asks a DC
// for unicodePwd over the MS-DRSR replication protocol (GetNCChanges). The lab reads the same
// value, the account's NT hash, from the running DC's own database with ldbsearch (LMDB allows a
// reader beside the DC). Root only, lab only; never used against a real domain.
// https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-password-hash-synchronization
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { LabInfo } from './lab-info.ts';

/** objectGUID (lower case, dashed) -> the 16-byte NT hash, for every user with a password. */
export async function readNtHashes(info: LabInfo, guids?: readonly string[]): Promise<Map<string, Buffer>> {
  const dc = info.dcs[0];
  if (!dc) throw new ReclaimError('LAB_UNAVAILABLE', `the lab in ${info.labDir} lists no domain controller`);
  const filter =
    guids && guids.length > 0 && guids.length <= 200
      ? `(|${guids.map((g) => `(objectGUID=${g})`).join('')})`
      : '(&(objectCategory=person)(objectClass=user))';
  const text = await new Promise<string>((resolve, reject) => {
    execFile(
      'ldbsearch',
      ['-H', join(dc.dir, 'private', 'sam.ldb'), '--scope=sub', '-b', info.baseDn, filter, 'objectGUID', 'unicodePwd'],
      { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new ReclaimError(
              'LAB_UNAVAILABLE',
              `reading password hashes from the lab DC failed (ldbsearch: ${error.message})`,
              { details: String(stderr).trim().split('\n').slice(-4) },
            ),
          );
        else resolve(stdout);
      },
    );
  });
  return parseHashes(text);
}

/** Parses ldbsearch's LDIF: records separated by blank lines, long lines folded with a leading space. */
export function parseHashes(ldif: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const record of ldif.replace(/\r?\n /g, '').split(/\r?\n\r?\n/)) {
    let guid: string | undefined;
    let hash: Buffer | undefined;
    for (const line of record.split(/\r?\n/)) {
      if (line.startsWith('objectGUID: ')) guid = line.slice(12).trim().toLowerCase();
      else if (line.startsWith('unicodePwd:: ')) hash = Buffer.from(line.slice(13).trim(), 'base64');
    }
    if (guid && hash && hash.length === 16) out.set(guid, hash);
  }
  return out;
}
