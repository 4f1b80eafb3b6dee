// Helpdesk resets after a verified call: a temporary password that must be changed, or an Entra
// Temporary Access Pass; and re-enabling an account disabled at the deadline once its password was
// changed. SAFETY: every write goes through the directory door (campaign/directory-door.ts): the
// campaign's guardrails, protection rules and kill switch, journaled and recoverable like any
// engine action. The value is returned once to the caller's screen and never stored or logged;
// the audit log records who, what, when, from where and the verification it relied on, before and
// after the directory write. A helpdesk agent is refused on a privileged identity (escalation) and
// on a service account (its owner rotates it, as a tracked task).
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { identityRef, type Identity } from '../../core/identity.ts';
import type { Secret } from '../../core/secret.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { OperatorRole } from '../../store/database.ts';
import { disabledByCampaign } from '../../store/actions/campaign-enforcement.ts';
import { recentVerification } from '../../store/helpdesk/recent-verification.ts';
import { allows } from '../auth/permissions.ts';
import type { App } from '../create-app.ts';
import { findCampaignIdentity, latestSnapshots } from '../campaign/campaign-identities.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import { writeThroughDoor } from '../campaign/directory-door.ts';
import { deadlineKey } from '../campaign/enforce-plan.ts';
import { protectionRules } from '../campaign/campaign-settings.ts';
import { serviceAccountRule } from '../../core/segmentation/segment-identity.ts';

export type HelpdeskCredentialKind = 'temporary-password' | 'tap';

export interface ConsoleActor {
  username: string;
  role: OperatorRole;
  ip: string;
}

/** How long a verification stays good for issuing a credential. */
export const verificationValidityMs = 30 * 60_000;

export async function helpdeskTarget(
  app: App,
  input: { campaignId: string; directory: string; identityKey: string; actor: ConsoleActor },
): Promise<Identity> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const identity = await findCampaignIdentity(
    store,
    await latestSnapshots(store, campaign.id),
    input.directory,
    input.identityKey,
  );
  if (!identity)
    throw new ReclaimError(
      'IDENTITY_NOT_FOUND',
      `No identity ${input.identityKey} in ${input.directory} for this campaign`,
    );
  // SAFETY: privileged identities escalate to an operator or the commander.
  if (identity.privileged.length > 0 && !allows(input.actor.role, 'helpdesk.credential.privileged')) {
    await appendAudit(store, {
      actor: input.actor.username,
      action: 'helpdesk.refused-privileged',
      target: `${identity.directory}:${identity.key}`,
      source: 'console',
      ip: input.actor.ip,
      now: app.clock.now(),
      details: { name: identity.name },
    });
    throw new ReclaimError(
      'IDENTITY_PROTECTED',
      `${identity.name} is privileged (${identity.privileged.map((p) => p.name).join(', ')}): escalate to an operator or the incident commander`,
    );
  }
  // SAFETY: a service account is rotated by its owner with the application (a tracked task); a
  // temporary password from the helpdesk would break the application or hand its account to a caller.
  const service = serviceAccountRule(identity, protectionRules(app.config));
  if (service) {
    await appendAudit(store, {
      actor: input.actor.username,
      action: 'helpdesk.refused-service-account',
      target: `${identity.directory}:${identity.key}`,
      source: 'console',
      ip: input.actor.ip,
      now: app.clock.now(),
      details: { name: identity.name, rule: service.ruleId },
    });
    throw new ReclaimError(
      'IDENTITY_PROTECTED',
      `${identity.name} is a service account (${service.rule}): its owner rotates it with the application, not the helpdesk`,
    );
  }
  return identity;
}

async function requireVerification(
  app: App,
  campaignId: string,
  identity: Identity,
  actor: ConsoleActor,
): Promise<number> {
  const store = await app.store();
  const since = new Date(app.clock.now().getTime() - verificationValidityMs).toISOString();
  const row = await recentVerification(store, {
    campaignId,
    directory: identity.directory,
    identityKey: identity.key,
    verifiedBy: actor.username,
    since,
  });
  if (!row)
    throw new ReclaimError(
      'PERMISSION_DENIED',
      `Record a successful verification of ${identity.name} first (within the last ${verificationValidityMs / 60_000} minutes)`,
    );
  return Number(row.id);
}

export async function issueHelpdeskCredential(
  app: App,
  input: {
    campaignId: string;
    directory: string;
    identityKey: string;
    kind: HelpdeskCredentialKind;
    actor: ConsoleActor;
  },
): Promise<{
  secret: Secret;
  kind: HelpdeskCredentialKind;
  identity: string;
  mustChange: boolean;
  reenabled: boolean;
}> {
  const store = await app.store();
  const identity = await helpdeskTarget(app, input);
  const verificationId = await requireVerification(app, input.campaignId, identity, input.actor);
  const directory = app.directories().get(identity.directory);
  if (!directory) throw new ReclaimError('CONFIG_INVALID', `Directory ${identity.directory} is not configured`);
  const kind = input.kind === 'tap' ? 'issueTap' : 'resetPassword';
  if (!directory.supports.includes(kind))
    throw new ReclaimError(
      'NOT_SUPPORTED',
      `${identity.directory} cannot ${input.kind === 'tap' ? 'issue a Temporary Access Pass' : 'reset a password'}`,
    );
  let secret: Secret | undefined;
  await writeThroughDoor(app, {
    campaignId: input.campaignId,
    kind,
    directory: identity.directory,
    identity: { key: identity.key, name: identity.name },
    params: input.kind === 'tap' ? { lifetimeMinutes: 60, isUsableOnce: true } : { mustChange: true },
    actor: { username: input.actor.username, ip: input.actor.ip, source: 'console' },
    audit: 'helpdesk.credential',
    details: { verificationId, credential: input.kind },
    onSecret: (s) => {
      secret = s;
    },
    onPassword: (s) => {
      secret = s;
    },
  });
  if (!secret)
    throw new ReclaimError(
      'UNEXPECTED',
      `${identity.directory} returned no ${input.kind === 'tap' ? 'Temporary Access Pass' : 'password'} value`,
    );
  // The seed's recovery: an account this campaign disabled at the deadline comes back with the new
  // credential, in the same verified step; the user then sets their own password (must-change).
  const reenabled = await reenableIfCampaignDisabled(app, input.campaignId, identity, input.actor, verificationId);
  await appendAudit(store, {
    actor: input.actor.username,
    action: 'helpdesk.credential.issued',
    target: `${identity.directory}:${identity.key}`,
    source: 'console',
    ip: input.actor.ip,
    now: app.clock.now(),
    details: { name: identity.name, kind: input.kind, verificationId, campaignId: input.campaignId, reenabled },
  });
  return {
    secret,
    kind: input.kind,
    identity: identity.name,
    mustChange: input.kind === 'temporary-password',
    reenabled,
  };
}

/**
 * Re-enables the identity when THIS campaign disabled it at a deadline (an applied disable action
 * of enforcement), has not enabled it since, and it is still disabled; an account disabled for any
 * other reason (a leaver, a quarantine) stays disabled. Returns whether it was re-enabled.
 */
async function reenableIfCampaignDisabled(
  app: App,
  campaignId: string,
  identity: Identity,
  actor: ConsoleActor,
  verificationId: number,
): Promise<boolean> {
  const store = await app.store();
  const byCampaign = await disabledByCampaign(store, {
    campaignId,
    directory: identity.directory,
    identityKey: identity.key,
    deadlineKey: deadlineKey(campaignId, identity.directory, identity.key),
  });
  if (!byCampaign) return false;
  const directory = app.directories().get(identity.directory)!;
  if ((await directory.readCredentialState(identityRef(identity))).enabled) return false;
  await writeThroughDoor(app, {
    campaignId,
    kind: 'enable',
    directory: identity.directory,
    identity: { key: identity.key, name: identity.name },
    actor: { username: actor.username, ip: actor.ip, source: 'console' },
    audit: 'helpdesk.enable',
    details: { verificationId, with: 'credential' },
  });
  return true;
}

/** Re-enables an account disabled at the deadline, once the directory shows a new password set since T0 (the user changed it some other way). */
export async function reenableAfterChange(
  app: App,
  input: { campaignId: string; directory: string; identityKey: string; actor: ConsoleActor },
): Promise<{ identity: string; enabled: true }> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const identity = await helpdeskTarget(app, input);
  await requireVerification(app, campaign.id, identity, input.actor);
  const directory = app.directories().get(identity.directory);
  if (!directory) throw new ReclaimError('CONFIG_INVALID', `Directory ${identity.directory} is not configured`);
  const state = await directory.readCredentialState(identityRef(identity));
  const changed =
    state.passwordLastSetAt !== null &&
    !state.mustChangePassword &&
    (!campaign.t0 || state.passwordLastSetAt > campaign.t0);
  if (!changed)
    throw new ReclaimError(
      'TOO_EARLY',
      `${identity.name} has not changed the password since the campaign started: issue a temporary password first`,
    );
  await writeThroughDoor(app, {
    campaignId: campaign.id,
    kind: 'enable',
    directory: identity.directory,
    identity: { key: identity.key, name: identity.name },
    actor: { username: input.actor.username, ip: input.actor.ip, source: 'console' },
    audit: 'helpdesk.enable',
  });
  return { identity: identity.name, enabled: true };
}
