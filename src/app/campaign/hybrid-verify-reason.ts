// Verification of a synced person proves both sides. When the AD side changed and the Entra side
// did not, the miss says so in words: the change has not reached the cloud (password hash sync
// carries a new hash on its next cycle, about every 2 minutes), and until then the old password may
// still sign in to the cloud.
import type { VerifyMiss, VerifyTarget } from '../../engine/verify-campaign.ts';

export function explainCloudLag(targets: readonly VerifyTarget[], missed: VerifyMiss[]): VerifyMiss[] {
  const missedKeys = new Set(missed.map((m) => `${m.directory}\n${m.key}`));
  const lagging = new Set<string>();
  for (const t of targets) {
    const [ad, cloud] = t.sides;
    if (!ad || !cloud || missedKeys.has(`${ad.directory}\n${ad.key}`)) continue;
    lagging.add(`${cloud.directory}\n${cloud.key}`);
  }
  return missed.map((m) =>
    lagging.has(`${m.directory}\n${m.key}`) && !/^could not be read|no longer exists|is not configured/.test(m.reason)
      ? {
          ...m,
          reason:
            `changed in AD, not yet in the cloud (${m.reason}): wait for the next password ` +
            `hash sync cycle and verify again; until then the old password may still sign in to ` +
            `Entra ID`,
        }
      : m,
  );
}
