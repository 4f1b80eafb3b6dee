// krbtgt rotation: the second reset must wait until every DC holds the key of the first one. A TGT
// issued under the new key by one DC is refused by a DC that lacks it ("Key version is not
// available", samba-multi-dc.md §krbtgt), and a second reset before that would leave such DCs with
// neither the current nor the previous key. The check is msDS-KeyVersionNumber equal everywhere.
import type { IdentityRef } from '../../../core/identity.ts';
import type { DcStamps } from './read-dc-stamps.ts';

export interface KeyEverywhere {
  everywhere: boolean;
  /** per DC: the kvno it shows (undefined: unreadable) and when it first showed `kvno` (ms) */
  dcs: Array<{ url: string; kvno?: number; lagMs?: number; error?: string }>;
}

export async function waitKeyEverywhere(
  read: (ref: IdentityRef) => Promise<DcStamps[]>,
  ref: IdentityRef,
  kvno: number,
  options: { timeoutMs: number; pollMs?: number; now?: () => number },
): Promise<KeyEverywhere> {
  const now = options.now ?? Date.now;
  const started = now();
  const seen = new Map<string, number>();
  for (;;) {
    const views = await read(ref);
    const elapsed = now() - started;
    for (const v of views) if (v.ok && (v.keyVersionNumber ?? 0) >= kvno && !seen.has(v.url)) seen.set(v.url, elapsed);
    const dcs = views.map((v) => ({
      url: v.url,
      ...(v.keyVersionNumber === undefined ? {} : { kvno: v.keyVersionNumber }),
      ...(seen.has(v.url) ? { lagMs: seen.get(v.url) } : {}),
      ...(v.error ? { error: v.error } : {}),
    }));
    const everywhere = views.every((v) => seen.has(v.url));
    if (everywhere || elapsed >= options.timeoutMs) return { everywhere, dcs };
    await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
  }
}
