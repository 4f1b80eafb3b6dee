// Helpdesk resets after a verified call: a temporary password that must be changed, or an Entra
// Temporary Access Pass; and re-enabling an account disabled at the deadline once its password was
// changed. SAFETY: the value is returned once to the caller's screen and never stored or logged;
// the audit log records who, what, when, from where and the verification it relied on, before and
// after the directory write. A helpdesk agent is refused on a privileged identity (escalation).
import { randomBytes } from 'node:crypto';
import type { ActionSpec } from '../../core/action.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { identityRef, type Identity } from '../../core/identity.ts';
import type { Secret } from '../../core/secret.ts';
import { generatePassword } from '../../directories/ad/generate-password.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { OperatorRole } from '../../store/database.ts';
import { storeCall } from '../../store/store-error.ts';
import { allows } from '../../server/auth/permissions.ts';
import type { App } from '../create-app.ts';
import { findCampaignIdentity, latestSnapshots } from '../campaign/campaign-identities.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';

export type HelpdeskCredentialKind = 'temporary-password' | 'tap';

export interface ConsoleActor {
  username: string;
  role: OperatorRole;
  ip: string;
}

/** How long a verification stays good for issuing a credential. */
export const verificationValidityMs = 30 * 60_000;

export async function helpdeskTarget(app: App, input: { campaignId: string; directory: string; identityKey: string; actor: ConsoleActor }): Promise<Identity> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const identity = await findCampaignIdentity(store, await latestSnapshots(store, campaign.id), input.directory, input.identityKey);
  if (!identity) throw new ReclaimError('IDENTITY_NOT_FOUND', `No identity ${input.identityKey} in ${input.directory} for this campaign`);
  // SAFETY: privileged identities escalate to an operator or the commander.
  if (identity.privileged.length > 0 && !allows(input.actor.role, 'helpdesk.credential.privileged')) {
    await appendAudit(store, { actor: input.actor.username, action: 'helpdesk.refused-privileged', target: `${identity.directory}:${identity.key}`, source: 'console', ip: input.actor.ip, now: app.clock.now(), details: { name: identity.name } });
    throw new ReclaimError('IDENTITY_PROTECTED', `${identity.name} is privileged (${identity.privileged.map((p) => p.name).join(', ')}): escalate to an operator or the incident commander`);
  }
  return identity;
}

async function requireVerification(app: App, campaignId: string, identity: Identity, actor: ConsoleActor): Promise<number> {
  const store = await app.store();
  const since = new Date(app.clock.now().getTime() - verificationValidityMs).toISOString();
  const row = await storeCall('reading helpdesk verifications', () =>
    store.db.selectFrom('helpdeskVerifications').select('id')
      .where('campaignId', '=', campaignId).where('directory', '=', identity.directory).where('identityKey', '=', identity.key)
      .where('verifiedBy', '=', actor.username).where('outcome', '=', 'verified').where('verifiedAt', '>=', since)
      .orderBy('id', 'desc').limit(1).executeTakeFirst(),
  );
  if (!row) throw new ReclaimError('PERMISSION_DENIED', `Record a successful verification of ${identity.name} first (within the last ${verificationValidityMs / 60_000} minutes)`);
  return Number(row.id);
}

export async function issueHelpdeskCredential(
  app: App,
  input: { campaignId: string; directory: string; identityKey: string; kind: HelpdeskCredentialKind; actor: ConsoleActor },
): Promise<{ secret: Secret; kind: HelpdeskCredentialKind; identity: string; mustChange: boolean }> {
  const store = await app.store();
  const identity = await helpdeskTarget(app, input);
  const verificationId = await requireVerification(app, input.campaignId, identity, input.actor);
  const directory = app.directories().get(identity.directory);
  if (!directory) throw new ReclaimError('CONFIG_INVALID', `Directory ${identity.directory} is not configured`);
  const action: ActionSpec = input.kind === 'tap'
    ? { kind: 'issueTap', directory: identity.directory, identity: identityRef(identity), params: { lifetimeMinutes: 60, isUsableOnce: true } }
    : { kind: 'resetPassword', directory: identity.directory, identity: identityRef(identity), params: { mustChange: true } };
  if (!directory.supports.includes(action.kind)) throw new ReclaimError('NOT_SUPPORTED', `${identity.directory} cannot ${input.kind === 'tap' ? 'issue a Temporary Access Pass' : 'reset a password'}`);
  const target = `${identity.directory}:${identity.key}`;
  const audit = (action: string, details: Record<string, unknown>) =>
    appendAudit(store, { actor: input.actor.username, action, target, source: 'console', ip: input.actor.ip, now: app.clock.now(), details: { name: identity.name, kind: input.kind, verificationId, campaignId: input.campaignId, ...details } });
  await audit('helpdesk.credential.start', {});
  let secret: Secret | undefined;
  try {
    if (input.kind === 'tap') {
      await directory.apply(action, { onSecret: (s) => { secret = s; } });
    } else {
      secret = generatePassword({ minLength: 16, complexity: true }, (n) => randomBytes(n));
      await directory.apply(action, { password: secret });
    }
  } catch (error) {
    await audit('helpdesk.credential.failed', { code: error instanceof ReclaimError ? error.code : 'UNEXPECTED' });
    throw error;
  }
  if (!secret) throw new ReclaimError('UNEXPECTED', `${identity.directory} issued no Temporary Access Pass value`);
  await audit('helpdesk.credential.issued', {});
  return { secret, kind: input.kind, identity: identity.name, mustChange: input.kind === 'temporary-password' };
}

/** Re-enables an account disabled at the deadline, once the directory shows a new password set since T0. */
export async function reenableAfterChange(app: App, input: { campaignId: string; directory: string; identityKey: string; actor: ConsoleActor }): Promise<{ identity: string; enabled: true }> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const identity = await helpdeskTarget(app, input);
  await requireVerification(app, campaign.id, identity, input.actor);
  const directory = app.directories().get(identity.directory);
  if (!directory) throw new ReclaimError('CONFIG_INVALID', `Directory ${identity.directory} is not configured`);
  const state = await directory.readCredentialState(identityRef(identity));
  const changed = state.passwordLastSetAt !== null && !state.mustChangePassword && (!campaign.t0 || state.passwordLastSetAt > campaign.t0);
  if (!changed) throw new ReclaimError('TOO_EARLY', `${identity.name} has not changed the password since the campaign started: issue a temporary password first`);
  const target = `${identity.directory}:${identity.key}`;
  await appendAudit(store, { actor: input.actor.username, action: 'helpdesk.enable.start', target, source: 'console', ip: input.actor.ip, now: app.clock.now(), details: { name: identity.name } });
  await directory.apply({ kind: 'enable', directory: identity.directory, identity: identityRef(identity) });
  await appendAudit(store, { actor: input.actor.username, action: 'helpdesk.enable.done', target, source: 'console', ip: input.actor.ip, now: app.clock.now(), details: { name: identity.name } });
  return { identity: identity.name, enabled: true };
}
