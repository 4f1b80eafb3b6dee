// What a `reclaim verify` found, kept in the store (migration 0015) instead of in its answer: a
// sink that writes each page of findings as the engine hands it on, and the readers that give
// them back, a page at a time, in the order `verify` prints them (wave, directory, name).
import { createHash } from 'node:crypto';
import type { VerifyFindings, VerifyMiss, VerifyReset } from '../../engine/verify-campaign.ts';
import type { Store } from '../../store/open-store.ts';
import { verifyFindingPages } from '../../store/verify/read-verify-findings.ts';
import { writeVerifyFindings, type NewVerifyFinding } from '../../store/verify/write-verify-findings.ts';

/** Writes pages of findings of one run, numbering them as they come; calls are awaited one at a time. */
export function verifyFindingsSink(store: Store, runId: number): (found: VerifyFindings) => Promise<void> {
  let seq = 0;
  const row = (kind: 'missed' | 'reset', f: VerifyMiss | VerifyReset): NewVerifyFinding => ({
    seq: seq++,
    kind,
    wave: f.wave,
    directory: f.directory,
    key: f.key,
    name: f.identity,
    finding: f,
  });
  return (found) =>
    writeVerifyFindings(store, runId, [
      ...found.missed.map((f) => row('missed', f)),
      ...found.reset.map((f) => row('reset', f)),
    ]);
}

export async function* verifyMissedPages(store: Store, runId: number, pageSize?: number): AsyncGenerator<VerifyMiss[]> {
  for await (const page of verifyFindingPages(store, runId, 'missed', pageSize))
    yield page.map((r) => r.finding as VerifyMiss);
}

export async function* verifyResetPages(store: Store, runId: number, pageSize?: number): AsyncGenerator<VerifyReset[]> {
  for await (const page of verifyFindingPages(store, runId, 'reset', pageSize))
    yield page.map((r) => r.finding as VerifyReset);
}

/**
 * SHA-256 over `${directory}\n${key}\n` of each person-side found reset, in the order `verify`
 * lists them: the audit entry commits to who was reset without listing them.
 */
export async function resetKeysDigest(store: Store, runId: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const page of verifyFindingPages(store, runId, 'reset'))
    for (const r of page) hash.update(`${r.directory}\n${r.key}\n`);
  return hash.digest('hex');
}
