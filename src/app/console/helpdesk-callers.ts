// The helpdesk's side of the console: finding a caller (with where they stand in the campaign), the
// worklist of verified callers, one caller's whole history, and recording how a caller was verified.
import { findCampaignIdentity, latestSnapshots } from '../campaign/campaign-identities.ts';
import { findCurrentPlanWaves } from '../campaign/current-plan.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { VerificationMethod } from '../../store/database.ts';
import { helpdeskWorklist, peopleCampaignState } from '../../store/helpdesk/helpdesk-worklist.ts';
import { identityHistory } from '../../store/helpdesk/identity-history.ts';
import { listVerifications, recordVerification } from '../../store/helpdesk/record-verification.ts';
import { searchIdentities } from '../../store/identities/search-identities.ts';
import { type ConsoleActor, helpdeskTarget } from './helpdesk-credential.ts';

export { verificationMethods, type VerificationMethod } from '../../store/database.ts';

/** People whose account name starts with `q`, each with their wave, actions, task and verifications. */
export async function searchCallers(app: App, input: { campaignId: string; q: string; limit?: number }) {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const snapshotIds = [...(await latestSnapshots(store, campaign.id)).values()];
  const found = await searchIdentities(store, { snapshotIds, prefix: input.q, limit: input.limit ?? 25 });
  // the version only: never the plan body (hundreds of MB at a million identities) per search
  const plan = await findCurrentPlanWaves(store, campaign.id);
  const states = await peopleCampaignState(store, {
    campaignId: campaign.id,
    planVersionId: plan?.versionId ?? null,
    people: found,
  });
  return found.map((i) => ({ ...i, campaign: states.get(`${i.directory}\n${i.key}`) ?? null }));
}

/** Verifications of callers, newest first; `nextBefore` pages back. */
export async function helpdeskWorklistPage(app: App, input: { campaignId: string; beforeId?: number; limit: number }) {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const entries = await helpdeskWorklist(store, {
    campaignId: campaign.id,
    limit: input.limit,
    ...(input.beforeId !== undefined ? { beforeId: input.beforeId } : {}),
  });
  return { entries, nextBefore: entries.length === input.limit ? (entries.at(-1)?.id ?? null) : null };
}

/** One person with their actions, journal, audit entries and verifications in the campaign. */
export async function callerHistory(app: App, input: { campaignId: string; directory: string; identityKey: string }) {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const { directory, identityKey: key } = input;
  const identity = await findCampaignIdentity(store, await latestSnapshots(store, campaign.id), directory, key);
  if (!identity) throw new ReclaimError('IDENTITY_NOT_FOUND', `No identity ${key} in ${directory} for this campaign`);
  const history = await identityHistory(store, { campaignId: campaign.id, directory, identityKey: key });
  return {
    identity: {
      directory,
      key,
      name: identity.name,
      displayName: identity.displayName ?? null,
      enabled: identity.enabled,
      privileged: identity.privileged.map((p) => p.name),
      department: identity.department ?? null,
      mail: identity.mail ?? null,
    },
    ...history,
    verifications: await listVerifications(store, { campaignId: campaign.id, directory, identityKey: key }),
  };
}

/** Records how a caller was verified, after the existence and privileged-identity checks; audited. */
export async function recordCallerVerification(
  app: App,
  input: {
    campaignId: string;
    directory: string;
    identityKey: string;
    method: VerificationMethod;
    evidence: string;
    outcome: 'verified' | 'refused' | 'inconclusive';
    actor: ConsoleActor;
  },
) {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const identity = await helpdeskTarget(app, {
    campaignId: campaign.id,
    directory: input.directory,
    identityKey: input.identityKey,
    actor: input.actor,
  });
  const now = app.clock.now();
  const id = await recordVerification(store, {
    campaignId: campaign.id,
    directory: input.directory,
    identityKey: input.identityKey,
    method: input.method,
    evidence: input.evidence,
    verifiedBy: input.actor.username,
    outcome: input.outcome,
    now,
  });
  await appendAudit(store, {
    actor: input.actor.username,
    action: 'helpdesk.verify',
    target: `${input.directory}:${input.identityKey}`,
    source: 'console',
    ip: input.actor.ip,
    now,
    details: { name: identity.name, method: input.method, outcome: input.outcome, verificationId: id },
  });
  return { verificationId: id, outcome: input.outcome };
}
