// One call from discovered identities, the triage decision and the settings (shaped like the parsed
// config) to a plan: compile the rules, segment, plan the waves. What the benchmark calls; `reclaim
// plan` calls planCampaignPages, which reads the identities in pages and never holds them all: each
// page's assignments go to a spill (the store's), the plan is made from it and comes back as its
// header; its assignments are read back from the spill (plannedAssignmentPages) to be saved.
import type { Identity } from '../identity.ts';
import type { CallRate } from '../forecast/call-rates.ts';
import type { HelpdeskSettings } from '../forecast/helpdesk-capacity.ts';
import type { DirectoryRate } from '../forecast/write-time.ts';
import { compileSegmentRules, type ProtectedSettings, type SegmentSettings } from '../segmentation/segment-rules.ts';
import type { TreatmentInputs } from '../segmentation/choose-treatment.ts';
import {
  segmentIdentities,
  segmentIdentityPages,
  type SegmentationPagesInput,
  type SegmentationSettings,
} from '../segmentation/segment-identities.ts';
import type { TreatmentId } from '../segmentation/treatments.ts';
import type { TriageDecision } from '../triage/decide-triage.ts';
import { groupKeyOf } from './group-key.ts';
import type { KrbtgtSettings } from './krbtgt-timeline.ts';
import { spillEntryOf, type AssignmentSpill } from './assignment-spill.ts';
import type { HashPort, HashStreamPort } from './plan-hash.ts';
import {
  planCallRates,
  planWaves,
  planWavesFromSpill,
  type PlanInputSettings,
  type WaveSettings,
} from './plan-waves.ts';
import type { Plan, PlanHeader } from './plan.ts';

export interface CampaignSettings {
  segments: SegmentSettings;
  protected: ProtectedSettings;
  helpdesk: HelpdeskSettings & { callRates?: Partial<Record<TreatmentId, Partial<CallRate>>> | undefined };
  waves: WaveSettings;
  guardrails: { blastRadius: number };
  readiness?:
    | Pick<
        TreatmentInputs,
        'passwordWritebackEnabled' | 'forceChangeSyncEnabled' | 'cloudSignIn' | 'cloudSignInDomains'
      >
    | undefined;
  krbtgt?: KrbtgtSettings | undefined;
  policyMaxAgeDays?: number | undefined;
}

export interface PlanCampaignInput extends PlanCampaignSettings {
  identities: Iterable<Identity>;
  hash: HashPort;
}

export interface PlanCampaignPagesInput extends PlanCampaignSettings, Pick<SegmentationPagesInput, 'pages' | 'links'> {
  /** where the assignments are kept while planning: read back from it in plan order */
  spill: AssignmentSpill;
  hash: HashStreamPort;
}

interface PlanCampaignSettings {
  triage: Pick<TriageDecision, 'scope' | 'assurance' | 'krbtgtDoubleReset' | 'revokeSessions' | 'removeAuthMethods'>;
  settings: CampaignSettings;
  directories: readonly DirectoryRate[];
  /** Reclaim's own accounts (the bind accounts of the configured directories): always protected */
  ownAccounts?: readonly string[];
  startAt: string;
  now: string;
}

export function planCampaign(input: PlanCampaignInput): Plan {
  const segmentation = segmentIdentities({ ...segmentationSettings(input), identities: input.identities });
  return planWaves({ ...planSettings(input), segmentation, hash: input.hash });
}

/**
 * The same from identities read in pages (segmentIdentityPages), through the spill: the header of
 * the plan planCampaign gives for the same identities, whose assignments are
 * `plannedAssignmentPages(input.spill, header.waves)`.
 */
export async function planCampaignPages(input: PlanCampaignPagesInput): Promise<PlanHeader> {
  const rates = planCallRates(input.settings);
  const segmentation = await segmentIdentityPages({
    ...segmentationSettings(input),
    pages: input.pages,
    links: input.links,
    spill: (assignments) => input.spill.add(assignments.map((a) => spillEntryOf(a, rates))),
  });
  return planWavesFromSpill({ ...planSettings(input), segmentation, spill: input.spill, hash: input.hash });
}

function segmentationSettings(input: PlanCampaignSettings): SegmentationSettings {
  const { settings, triage } = input;
  const rules = compileSegmentRules(settings.segments, settings.protected, input.ownAccounts ?? []);
  return {
    rules,
    scope: triage.scope.value,
    krbtgtDoubleReset: triage.krbtgtDoubleReset.value,
    assurance: triage.assurance.value,
    passwordWritebackEnabled: settings.readiness?.passwordWritebackEnabled,
    forceChangeSyncEnabled: settings.readiness?.forceChangeSyncEnabled,
    cloudSignIn: settings.readiness?.cloudSignIn,
    cloudSignInDomains: settings.readiness?.cloudSignInDomains,
    now: input.now,
    groupOf: groupKeyOf(settings.waves.groupBy),
  };
}

function planSettings(input: PlanCampaignSettings): PlanInputSettings {
  const { settings, triage } = input;
  return {
    startAt: input.startAt,
    createdAt: input.now,
    assurance: triage.assurance.value,
    revokeSessions: triage.revokeSessions.value,
    removeAuthMethods: triage.removeAuthMethods.value,
    waves: settings.waves,
    helpdesk: settings.helpdesk,
    directories: input.directories,
    blastRadius: settings.guardrails.blastRadius,
    alternatives: settings.segments.alternatives,
    policyMaxAgeDays: settings.policyMaxAgeDays,
    krbtgt: settings.krbtgt,
    forceChangeSyncEnabled: settings.readiness?.forceChangeSyncEnabled,
  };
}
