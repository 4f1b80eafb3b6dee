// Helpdesk: search a person, their history in the campaign, record a verification, then issue a
// temporary password or a TAP (shown once) or re-enable the account.
import { z } from 'zod';
import {
  callerHistory,
  helpdeskWorklistPage,
  recordCallerVerification,
  searchCallers,
  verificationMethods,
  type VerificationMethod,
} from '../../app/console/helpdesk-callers.ts';
import { issueHelpdeskCredential, reenableAfterChange } from '../../app/console/helpdesk-credential.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
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
      return { identities: await searchCallers(ctx.app, { campaignId: ctx.params.id!, q }) };
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
      return helpdeskWorklistPage(ctx.app, {
        campaignId: ctx.params.id!,
        limit,
        ...(Number.isInteger(before) && before > 0 ? { beforeId: before } : {}),
      });
    },
  },
  {
    method: 'GET',
    url: '/api/campaigns/:id/identities/:directory/:key',
    permission: 'identity.read',
    summary: 'One identity with its whole history in the campaign',
    async handler(ctx) {
      const { directory, key } = ctx.params as { directory: string; key: string };
      return callerHistory(ctx.app, { campaignId: ctx.params.id!, directory, identityKey: key });
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
      return recordCallerVerification(ctx.app, {
        campaignId: ctx.params.id!,
        directory: body.directory,
        identityKey: body.identityKey,
        method: body.method,
        evidence: body.evidence,
        outcome: body.outcome,
        actor: ctx.actor,
      });
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
