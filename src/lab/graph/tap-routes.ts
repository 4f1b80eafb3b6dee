// Temporary Access Pass (graph.md A4): the policy document, and create (201, the pass shown only
// in that answer, replacing any existing pass), list, get and delete per user, with the policy
// checks (state, targets, lifetime range, one-time use, no guests).
import { randomInt } from 'node:crypto';
import { isoInstant } from './emulator-clock.ts';
import { graphMessages } from './graph-messages.ts';
import { json, noContent, type GraphResponse } from './graph-request.ts';
import { mayResetPassword } from './role-matrix.ts';
import { ROLE } from './role-templates.ts';
import {
  badRequest,
  callerRoles,
  contextUrl,
  denied,
  hasAnyPermission,
  notFound,
  protectingRoles,
  type RouteContext,
} from './route-context.ts';
import { hashPassword, randomGuid, type TapRecord } from './tenant-state.ts';

const tapRead = [
  'UserAuthMethod-TAP.Read.All',
  'UserAuthMethod-TAP.ReadWrite.All',
  'UserAuthenticationMethod.Read.All',
  'UserAuthenticationMethod.ReadWrite.All',
];
const tapWrite = ['UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'];
const TAP_TYPE = '#microsoft.graph.temporaryAccessPassAuthenticationMethod';

export function tapView(ctx: RouteContext, tap: TapRecord): Record<string, unknown> {
  const now = ctx.clock.now();
  const end = tap.startMs + tap.lifetimeInMinutes * 60_000;
  const reason =
    ctx.settings.tapPolicy.state !== 'enabled'
      ? 'DisabledByPolicy'
      : now < tap.startMs
        ? 'NotYetValid'
        : now >= end
          ? 'Expired'
          : tap.used && tap.isUsableOnce
            ? 'OneTimeUsed'
            : 'EnabledByPolicy';
  return {
    '@odata.type': TAP_TYPE,
    id: tap.id,
    temporaryAccessPass: null,
    createdDateTime: isoInstant(tap.createdMs),
    startDateTime: isoInstant(tap.startMs),
    lifetimeInMinutes: tap.lifetimeInMinutes,
    isUsableOnce: tap.isUsableOnce,
    isUsable: reason === 'EnabledByPolicy',
    methodUsabilityReason: reason,
  };
}

function policyView(ctx: RouteContext): Record<string, unknown> {
  const p = ctx.settings.tapPolicy;
  return {
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
    id: 'TemporaryAccessPass',
    state: p.state,
    defaultLifetimeInMinutes: p.defaultLifetimeInMinutes,
    defaultLength: p.defaultLength,
    minimumLifetimeInMinutes: p.minimumLifetimeInMinutes,
    maximumLifetimeInMinutes: p.maximumLifetimeInMinutes,
    isUsableOnce: p.isUsableOnce,
    includeTargets: p.includeTargets.map((id) => ({ id, isRegistrationRequired: false, targetType: 'group' })),
    excludeTargets: p.excludeTargets.map((id) => ({ id, targetType: 'group' })),
  };
}

export function getTapPolicy(ctx: RouteContext): GraphResponse {
  if (
    !hasAnyPermission(ctx.caller, [
      'Policy.Read.AuthenticationMethod',
      'Policy.ReadWrite.AuthenticationMethod',
      'Policy.Read.All',
    ])
  )
    return denied();
  return json(200, {
    '@odata.context': contextUrl(
      ctx,
      'policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity',
    ),
    ...policyView(ctx),
  });
}

const policyFields: Record<string, (v: unknown) => boolean> = {
  '@odata.type': (v) => v === '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
  state: (v) => v === 'enabled' || v === 'disabled',
  defaultLifetimeInMinutes: (v) => Number.isInteger(v) && (v as number) >= 10 && (v as number) <= 43200,
  minimumLifetimeInMinutes: (v) => Number.isInteger(v) && (v as number) >= 10 && (v as number) <= 43200,
  maximumLifetimeInMinutes: (v) => Number.isInteger(v) && (v as number) >= 10 && (v as number) <= 43200,
  defaultLength: (v) => Number.isInteger(v) && (v as number) >= 8 && (v as number) <= 48,
  isUsableOnce: (v) => typeof v === 'boolean',
};

export function patchTapPolicy(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, ['Policy.ReadWrite.AuthenticationMethod'])) return denied();
  if (ctx.caller.kind === 'user' && !callerRoles(ctx).some((r) => r === ROLE.authPolicyAdmin || r === ROLE.globalAdmin))
    return denied();
  const body = ctx.req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return badRequest(graphMessages.malformedJson, 'BadRequest');
  const changes = body as Record<string, unknown>;
  for (const [k, v] of Object.entries(changes)) {
    const valid = policyFields[k];
    if (!valid?.(v)) return badRequest(graphMessages.invalidPropertyValue(k), 'badRequest');
  }
  const next = { ...ctx.settings.tapPolicy, ...changes };
  if (
    !(
      next.minimumLifetimeInMinutes <= next.defaultLifetimeInMinutes &&
      next.defaultLifetimeInMinutes <= next.maximumLifetimeInMinutes
    )
  ) {
    return badRequest(
      graphMessages.tapLifetime(next.minimumLifetimeInMinutes, next.maximumLifetimeInMinutes),
      'badRequest',
    );
  }
  const { '@odata.type': _ignored, ...fields } = changes;
  Object.assign(ctx.settings.tapPolicy, fields);
  return noContent();
}

export function listTaps(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, tapRead)) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  if (!user) return notFound(ctx.params.id ?? '');
  const value = user.hidden.tap ? [tapView(ctx, user.hidden.tap)] : [];
  return json(200, {
    '@odata.context': contextUrl(ctx, `users('${user.id}')/authentication/temporaryAccessPassMethods`),
    value,
  });
}

export function getTap(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, tapRead)) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  const tap = user?.hidden.tap;
  if (!user || !tap || tap.id !== ctx.params.methodId) return notFound(ctx.params.methodId ?? ctx.params.id ?? '');
  return json(200, {
    '@odata.context': contextUrl(ctx, `users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`),
    ...tapView(ctx, tap),
  });
}

export function deleteTap(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, tapWrite)) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  const tap = user?.hidden.tap;
  if (!user || !tap || tap.id !== ctx.params.methodId) return notFound(ctx.params.methodId ?? ctx.params.id ?? '');
  delete user.hidden.tap;
  return noContent();
}

const PASS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+-@#';

export function createTap(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, tapWrite)) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  if (!user) return notFound(ctx.params.id ?? '');
  if (ctx.caller.kind === 'user') {
    const roles = callerRoles(ctx);
    if (!roles.some((r) => r === ROLE.authAdmin || r === ROLE.privilegedAuthAdmin || r === ROLE.globalAdmin))
      return denied();
    if (!mayResetPassword(roles, protectingRoles(ctx, user))) return denied();
  }
  const body = (ctx.req.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) return badRequest(graphMessages.malformedJson, 'BadRequest');
  const p = ctx.settings.tapPolicy;
  const included = p.includeTargets.includes('all_users') || p.includeTargets.includes(user.id);
  if (p.state !== 'enabled' || !included || p.excludeTargets.includes(user.id))
    return badRequest(graphMessages.tapPolicyDisallows, 'badRequest');
  if (user.props.userType === 'Guest') return badRequest(graphMessages.tapGuest, 'badRequest');
  const lifetime = body.lifetimeInMinutes === undefined ? p.defaultLifetimeInMinutes : body.lifetimeInMinutes;
  if (
    typeof lifetime !== 'number' ||
    !Number.isInteger(lifetime) ||
    lifetime < p.minimumLifetimeInMinutes ||
    lifetime > p.maximumLifetimeInMinutes
  ) {
    return badRequest(graphMessages.tapLifetime(p.minimumLifetimeInMinutes, p.maximumLifetimeInMinutes), 'badRequest');
  }
  const once = body.isUsableOnce === undefined ? p.isUsableOnce : body.isUsableOnce;
  if (typeof once !== 'boolean') return badRequest(graphMessages.invalidPropertyValue('isUsableOnce'), 'badRequest');
  if (p.isUsableOnce && !once) return badRequest(graphMessages.tapUsableOnce, 'badRequest');
  const now = ctx.clock.now();
  const start = body.startDateTime === undefined ? now : Date.parse(String(body.startDateTime));
  if (Number.isNaN(start)) return badRequest(graphMessages.invalidPropertyValue('startDateTime'), 'badRequest');
  let pass = '';
  for (let i = 0; i < p.defaultLength; i++) pass += PASS_ALPHABET[randomInt(PASS_ALPHABET.length)];
  // A new pass replaces the current one; it is not an error (graph.md A4).
  // SAFETY: only a salted hash of the pass is kept; the text exists in this one response.
  const tap: TapRecord = {
    id: randomGuid(),
    createdMs: now,
    startMs: start,
    lifetimeInMinutes: lifetime,
    isUsableOnce: once,
    used: false,
    passHash: hashPassword(pass, user.hidden.passwordSalt),
  };
  user.hidden.tap = tap;
  return json(201, {
    '@odata.context': contextUrl(ctx, `users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`),
    ...tapView(ctx, tap),
    temporaryAccessPass: pass,
  });
}
