// The planning settings and the protection rules, both drawn from the parsed config, so planning
// and the apply-time guard evaluate the very same rules.
import type { ReclaimConfig } from '../config/config-schema.ts';
import type { CampaignSettings } from '../../core/planning/plan-campaign.ts';
import type { DirectoryRate } from '../../core/forecast/write-time.ts';
import { compileSegmentRules, type CompiledSegmentRules } from '../../core/segmentation/segment-rules.ts';

export function campaignSettings(config: ReclaimConfig): CampaignSettings {
  return {
    segments: config.segments,
    protected: config.protected,
    helpdesk: config.helpdesk,
    waves: config.waves,
    guardrails: config.guardrails,
    // what Graph cannot tell (writeback, force-change sync) decides treatments of synced users
    readiness: config.readiness,
    // the second krbtgt reset's delay: ticket lifetime plus replication
    krbtgt: config.krbtgt,
  };
}

export function directoryRates(config: ReclaimConfig): DirectoryRate[] {
  return config.directories.map((d) => ({
    id: d.id,
    kind: d.kind,
    ...(config.engine.writesPerSecond[d.id] ? { writesPerSecond: config.engine.writesPerSecond[d.id] } : {}),
  }));
}

/** SAFETY: Reclaim's own bind accounts are always protected: resetting them would lock the campaign out. */
export function ownAccounts(config: ReclaimConfig): string[] {
  return config.directories.flatMap((d) => {
    if (d.kind === 'entra') return [d.clientId];
    const cn = /^CN=((?:\\.|[^,])+)/i.exec(d.bindDn)?.[1];
    return [d.bindDn, ...(cn ? [cn.replace(/\\(.)/g, '$1')] : []), ...(d.bindDn.includes('@') ? [d.bindDn] : [])];
  });
}

export function protectionRules(config: ReclaimConfig): CompiledSegmentRules {
  return compileSegmentRules(config.segments, config.protected, ownAccounts(config));
}
