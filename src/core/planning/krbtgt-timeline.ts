// krbtgt on the campaign's timeline: the first reset early (with the privileged wave), the second
// only after every ticket issued under the old key has expired (the maximum ticket lifetime, read
// from the domain's Kerberos policy when discovery found it, 10 hours by default) plus the time for
// the first reset to replicate to every DC. Resetting twice in quick succession would invalidate
// every ticket in the domain at once and break replication.
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import type { KrbtgtStep } from './plan.ts';

export interface KrbtgtSettings {
  /** default maximum ticket lifetime when the domain policy is unknown */
  maxTicketLifetimeHours?: number | undefined;
  /** per AD directory id, the MaxTicketAge of its Default Domain Policy */
  domainMaxTicketLifetimeHours?: Record<string, number> | undefined;
  /** measured or configured end-to-end replication time */
  replicationHours?: number | undefined;
  /** hours after the campaign start for the first reset; 0 by default */
  firstResetAfterHours?: number | undefined;
}

const HOUR = 3_600_000;

export function krbtgtTimeline(
  krbtgts: readonly SegmentAssignment[],
  startMs: number,
  settings: KrbtgtSettings = {},
): KrbtgtStep[] {
  const steps: KrbtgtStep[] = [];
  for (const a of krbtgts) {
    const lifetime = settings.domainMaxTicketLifetimeHours?.[a.directory] ?? settings.maxTicketLifetimeHours ?? 10;
    const fromPolicy = settings.domainMaxTicketLifetimeHours?.[a.directory] !== undefined;
    const replication = settings.replicationHours ?? 1;
    const first = startMs + (settings.firstResetAfterHours ?? 0) * HOUR;
    const second = first + (lifetime + replication) * HOUR;
    steps.push({
      directory: a.directory,
      key: a.key,
      name: a.name,
      step: 1,
      at: new Date(first).toISOString(),
      why: 'first reset, early in the campaign: new tickets are issued under the new key',
    });
    steps.push({
      directory: a.directory,
      key: a.key,
      name: a.name,
      step: 2,
      at: new Date(second).toISOString(),
      why:
        `second reset after the maximum ticket lifetime (${lifetime} h, ` +
        `${fromPolicy ? 'from the domain policy' : 'default'}) plus replication (${replication} ` +
        `h): the old key, and any golden ticket made with it, is then gone; a second person ` +
        `approves`,
    });
  }
  return steps;
}
