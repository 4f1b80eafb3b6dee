// One call from discovered identities, the triage decision and the settings (shaped like the parsed
// config) to a plan: compile the rules, segment, plan the waves. What the benchmark calls; `reclaim
// plan` calls planCampaignPages, which reads the identities in pages and never holds them all.
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
  type SegmentationResult,
  type SegmentationSettings,
} from '../segmentation/segment-identities.ts';
import type { TreatmentId } from '../segmentation/treatments.ts';
import type { TriageDecision } from '../triage/decide-triage.ts';
import { groupKeyOf } from './group-key.ts';
import type { KrbtgtSettings } from './krbtgt-timeline.ts';
import type { HashPort } from './plan-hash.ts';
import { planWaves, type WaveSettings } from './plan-waves.ts';
import type { Plan } from './plan.ts';

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
}

export interface PlanCampaignPagesInput extends PlanCampaignSettings, Pick<SegmentationPagesInput, 'pages' | 'links'> {}

interface PlanCampaignSettings {
  triage: Pick<TriageDecision, 'scope' | 'assurance' | 'krbtgtDoubleReset' | 'revokeSessions' | 'removeAuthMethods'>;
  settings: CampaignSettings;
  directories: readonly DirectoryRate[];
  /** Reclaim's own accounts (the bind accounts of the configured directories): always protected */
  ownAccounts?: readonly string[];
  startAt: string;
  now: string;
  hash: HashPort;
}

export function planCampaign(input: PlanCampaignInput): Plan {
  return planSegmented(input, segmentIdentities({ ...segmentationSettings(input), identities: input.identities }));
}

/** The same from identities read in pages (segmentIdentityPages): the same plan for the same identities. */
export async function planCampaignPages(input: PlanCampaignPagesInput): Promise<Plan> {
  const settings = segmentationSettings(input);
  const segmentation = await segmentIdentityPages({
    ...settings,
    pages: input.pages,
    links: input.links,
  });
  return planSegmented(input, segmentation);
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

function planSegmented(input: PlanCampaignSettings, segmentation: SegmentationResult): Plan {
  const { settings, triage } = input;
  return planWaves({
    segmentation,
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
    hash: input.hash,
  });
}
