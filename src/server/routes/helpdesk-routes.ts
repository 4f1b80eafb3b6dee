// Helpdesk: search a person, their history in the campaign, record a verification, then issue a
// temporary password or a TAP (shown once) or re-enable the account.
import { z } from 'zod';
import { latestSnapshots, findCampaignIdentity } from '../../app/campaign/campaign-identities.ts';
import { resolveCampaign } from '../../app/campaign/resolve-campaign.ts';
import { helpdeskTarget, issueHelpdeskCredential, reenableAfterChange } from '../../app/console/helpdesk-credential.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { verificationMethods, type VerificationMethod } from '../../store/database.ts';
import { listVerifications, recordVerification } from '../../store/helpdesk/record-verification.ts';
import { helpdeskWorklist, peopleCampaignState } from '../../store/helpdesk/helpdesk-worklist.ts';
import { findCurrentPlan } from '../../app/campaign/current-plan.ts';
import { searchIdentities } from '../../store/identities/search-identities.ts';
import { storeCall } from '../../store/store-error.ts';
import type { ConsoleRoute } from '../console-route.ts';
import { parseBody } from '../parse-body.ts';

const target = { directory: z.string().min(1).max(100), identityKey: z.string().min(1).max(200) };
const verificationBody = z
  .object({
    ...target,
    method: z.enum(verificationMethods as [VerificationMethod, ...VerificationMethod[]]),
    evidence: z.string().min(10, 'describe the evidence (at least 10 characters)').max(2000),
    outcome: z.enum(['verified', 'refused', 'inconclusive']),
  })
  .strict();
const credentialBody = z.object({ ...target, kind: z.enum(['temporary-password', 'tap']) }).strict();
const enableBody = z.object(target).strict();

export const helpdeskRoutes: ConsoleRoute[] = [
  {
    method: 'GET',
    url: '/api/campaigns/:id/identities',
    permission: 'identity.read',
    summary:
      'Search people by account name prefix (?q=): display name, wave, actions and their states, manual task, helpdesk treatment, verifications',
    async handler(ctx) {
      const q = (ctx.query.q ?? '').trim();
      if (q.length < 2) throw new ReclaimError('INPUT_INVALID', 'q: type at least 2 characters of the account name');
      const store = await ctx.app.store();
      const campaign = await resolveCampaign(store, ctx.params.id);
      const snapshotIds = [...(await latestSnapshots(store, campaign.id)).values()];
      const found = await searchIdentities(store, { snapshotIds, prefix: q, limit: 25 });
      const plan = await findCurrentPlan(store, campaign.id);
      const states = await peopleCampaignState(store, {
        campaignId: campaign.id,
        planVersionId: plan?.versionId ?? null,
        people: found,
      });
      return { identities: found.map((i) => ({ ...i, campaign: states.get(`${i.directory}\n${i.key}`) ?? null })) };
    },
  },
  {
    method: 'GET',
    url: '/api/campaigns/:id/verifications',
    permission: 'identity.read',
    summary: 'The helpdesk worklist: verifications of callers, newest first (?before=ID&limit=N pages back)',
    async handler(ctx) {
      const limit = Math.min(200, Math.max(1, Number(ctx.query.limit ?? 50) || 50));
      const before = Number(ctx.query.before);
      const store = await ctx.app.store();
      const campaign = await resolveCampaign(store, ctx.params.id);
      const entries = await helpdeskWorklist(store, {
        campaignId: campaign.id,
        limit,
        ...(Number.isInteger(before) && before > 0 ? { beforeId: before } : {}),
      });
      return { entries, nextBefore: entries.length === limit ? (entries.at(-1)?.id ?? null) : null };
    },
  },
  {
    method: 'GET',
    url: '/api/campaigns/:id/identities/:directory/:key',
    permission: 'identity.read',
    summary: 'One identity with its whole history in the campaign',
    async handler(ctx) {
      const store = await ctx.app.store();
      const campaign = await resolveCampaign(store, ctx.params.id);
      const { directory, key } = ctx.params as { directory: string; key: string };
      const identity = await findCampaignIdentity(store, await latestSnapshots(store, campaign.id), directory, key);
      if (!identity)
        throw new ReclaimError('IDENTITY_NOT_FOUND', `No identity ${key} in ${directory} for this campaign`);
      const actions = await storeCall('reading actions', () =>
        store.db
          .selectFrom('actions')
          .select(['id', 'waveId', 'kind', 'state', 'attempts', 'lastErrorCode', 'updatedAt'])
          .where('campaignId', '=', campaign.id)
          .where('directory', '=', directory)
          .where('identityKey', '=', key)
          .orderBy('id')
          .execute(),
      );
      const ids = actions.map((a) => a.id);
      const journal =
        ids.length === 0
          ? []
          : await storeCall('reading the journal', () =>
              store.db
                .selectFrom('journalEvents')
                .select(['actionId', 'at', 'fromState', 'toState', 'event'])
                .where('actionId', 'in', ids)
                .orderBy('id')
                .execute(),
            );
      const audit = await storeCall('reading the audit log', () =>
        store.db
          .selectFrom('auditLog')
          .select(['seq', 'at', 'actor', 'action', 'source', 'ip'])
          .where('target', '=', `${directory}:${key}`)
          .orderBy('seq')
          .execute(),
      );
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
        actions,
        journal,
        audit,
        verifications: await listVerifications(store, { campaignId: campaign.id, directory, identityKey: key }),
      };
    },
  },
  {
    method: 'POST',
    url: '/api/campaigns/:id/verifications',
    permission: 'helpdesk.verify',
    body: verificationBody,
    summary: 'Record how a caller was verified (method, evidence, outcome)',
    async handler(ctx) {
      const body = parseBody(verificationBody, ctx.body);
      const store = await ctx.app.store();
      const campaign = await resolveCampaign(store, ctx.params.id);
      // Checks existence and the privileged-identity escalation before anything is recorded.
      const identity = await helpdeskTarget(ctx.app, {
        campaignId: campaign.id,
        directory: body.directory,
        identityKey: body.identityKey,
        actor: ctx.actor,
      });
      const now = ctx.app.clock.now();
      const id = await recordVerification(store, {
        campaignId: campaign.id,
        directory: body.directory,
        identityKey: body.identityKey,
        method: body.method,
        evidence: body.evidence,
        verifiedBy: ctx.operator.username,
        outcome: body.outcome,
        now,
      });
      await appendAudit(store, {
        actor: ctx.operator.username,
        action: 'helpdesk.verify',
        target: `${body.directory}:${body.identityKey}`,
        source: 'console',
        ip: ctx.actor.ip,
        now,
        details: { name: identity.name, method: body.method, outcome: body.outcome, verificationId: id },
      });
      return { verificationId: id, outcome: body.outcome };
    },
  },
  {
    method: 'POST',
    url: '/api/campaigns/:id/credentials',
    permission: 'helpdesk.credential',
    body: credentialBody,
    summary: 'Issue a must-change temporary password or a Temporary Access Pass, shown once',
    async handler(ctx) {
      const body = parseBody(credentialBody, ctx.body);
      const issued = await issueHelpdeskCredential(ctx.app, {
        campaignId: ctx.params.id!,
        directory: body.directory,
        identityKey: body.identityKey,
        kind: body.kind,
        actor: ctx.actor,
      });
      // SAFETY: the one place a secret leaves the server: this response, never cached.
      ctx.reply.header('cache-control', 'no-store');
      return {
        kind: issued.kind,
        identity: issued.identity,
        mustChange: issued.mustChange,
        reenabled: issued.reenabled,
        value: issued.secret.reveal(),
        shownOnce: true,
      };
    },
  },
  {
    method: 'POST',
    url: '/api/campaigns/:id/enable',
    permission: 'helpdesk.credential',
    body: enableBody,
    summary: 'Re-enable an account disabled at the deadline once its password was changed',
    async handler(ctx) {
      const body = parseBody(enableBody, ctx.body);
      return reenableAfterChange(ctx.app, {
        campaignId: ctx.params.id!,
        directory: body.directory,
        identityKey: body.identityKey,
        actor: ctx.actor,
      });
    },
  },
];
