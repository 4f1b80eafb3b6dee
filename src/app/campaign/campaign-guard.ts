// The apply-time guard of a campaign: approvals (engine/apply-guard.ts) and protection evaluated
// again from the config's rules and the identity as discovered, whatever the plan lists.
import type { Identity } from '../../core/identity.ts';
import { protectionReason } from '../../core/segmentation/protection-reason.ts';
import { createApplyGuard, type ApplyGuard } from '../../engine/apply-guard.ts';
import { getCampaign } from '../../store/campaigns/create-campaign.ts';
import type { Store } from '../../store/open-store.ts';
import type { ReclaimConfig } from '../config/config-schema.ts';
import { findCampaignIdentity, latestSnapshots } from './campaign-identities.ts';
import { protectionRules } from './campaign-settings.ts';

/** How many discovered identities the guard keeps at hand. */
export const guardCacheSize = 4_096;

export async function campaignGuard(store: Store, config: ReclaimConfig, campaignId: string): Promise<ApplyGuard> {
  const rules = protectionRules(config);
  const snapshots = await latestSnapshots(store, campaignId);
  // The identities of the actions in flight (a person's actions run close together, and a hybrid
  // person's two sides read each other), bounded: memory stays flat whatever the campaign's size.
  const cache = new Map<string, Promise<Identity | undefined>>();
  const identityOf = (directory: string, key: string): Promise<Identity | undefined> => {
    const id = `${directory}\n${key}`;
    let found = cache.get(id);
    if (!found) {
      found = findCampaignIdentity(store, snapshots, directory, key);
      if (cache.size >= guardCacheSize) cache.delete(cache.keys().next().value!);
      cache.set(id, found);
      found.catch(() => cache.delete(id));
    }
    return found;
  };
  let closedCache: { at: number; reason: Promise<string | null> } | undefined;
  return createApplyGuard(store, {
    campaignId,
    blastRadius: config.guardrails.blastRadius,
    // read at most every 250 ms (like the kill switch gate), not once per action
    async campaignClosed() {
      const now = Date.now();
      if (!closedCache || now - closedCache.at > 250) closedCache = { at: now, reason: readClosed(store, campaignId) };
      return closedCache.reason;
    },
    async protectedReason(action) {
      const found = await identityOf(action.directory, action.identityKey);
      // An identity the plan names but discovery never saw is judged by its name alone.
      const identity: Identity = found ?? {
        directory: action.directory,
        kind: 'ad',
        key: action.identityKey,
        name: action.identityName,
        accountType: 'user',
        enabled: true,
        passwordNeverExpires: false,
        smartcardRequired: false,
        cannotChangePassword: false,
        passwordLastSetAt: null,
        mustChangePassword: false,
        memberOf: [],
        servicePrincipalNames: [],
        privileged: [],
        attributes: {},
      };
      const linked = identity.linkedTo
        ? await identityOf(identity.linkedTo.directory, identity.linkedTo.key)
        : undefined;
      return protectionReason(identity, linked ?? null, rules, action.kind === 'resetKrbtgt')?.reason ?? null;
    },
  });
}

async function readClosed(store: Store, campaignId: string): Promise<string | null> {
  const row = await getCampaign(store, campaignId);
  if (!row) return `campaign ${campaignId} no longer exists`;
  return row.status === 'aborted' || row.status === 'completed'
    ? `campaign ${campaignId} is ${row.status}: nothing more is written`
    : null;
}
