// Authentication methods (graph.md C1): list a user's methods with their @odata.type, delete one
// by its typed collection, and the userRegistrationDetails report (P1 licence, reports bucket).
import { isoInstant } from './emulator-clock.ts';
import { graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import { json, noContent, type GraphResponse } from './graph-request.ts';
import { listCollection } from './collection-query.ts';
import { mayResetPassword } from './role-matrix.ts';
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
import { selectFields, simpleSpec } from './select-fields.ts';
import { tapView } from './tap-routes.ts';
import type { UserRecord } from './tenant-state.ts';
import { PASSWORD_METHOD_ID } from './user-record.ts';

export const methodsRead = ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'];
export const methodsWrite = ['UserAuthenticationMethod.ReadWrite.All'];

/** typed collection segment → Graph type and the registration name it removes */
const collections: Record<string, { type: string; registered: string }> = {
  phonemethods: { type: 'phoneAuthenticationMethod', registered: 'mobilePhone' },
  microsoftauthenticatormethods: {
    type: 'microsoftAuthenticatorAuthenticationMethod',
    registered: 'microsoftAuthenticatorPush',
  },
  fido2methods: { type: 'fido2AuthenticationMethod', registered: 'fido2' },
  softwareoathmethods: { type: 'softwareOathAuthenticationMethod', registered: 'softwareOneTimePasscode' },
  emailmethods: { type: 'emailAuthenticationMethod', registered: 'email' },
  windowshelloforbusinessmethods: {
    type: 'windowsHelloForBusinessAuthenticationMethod',
    registered: 'windowsHelloForBusiness',
  },
};

export function methodViews(ctx: RouteContext, user: UserRecord): Record<string, unknown>[] {
  const views: Record<string, unknown>[] = user.hidden.methods.map((m) => ({
    '@odata.type': `#microsoft.graph.${m.odataType}`,
    id: m.id,
    createdDateTime: m.createdDateTime,
    ...m.properties,
  }));
  if (user.hidden.tap) views.push(tapView(ctx, user.hidden.tap));
  return views;
}

export function listMethods(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, methodsRead)) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  if (!user) return notFound(ctx.params.id ?? '');
  return json(200, {
    '@odata.context': contextUrl(ctx, `users('${user.id}')/authentication/methods`),
    value: methodViews(ctx, user),
  });
}

export function deleteMethod(ctx: RouteContext): GraphResponse {
  const kind = collections[(ctx.params.kind ?? '').toLowerCase()];
  if (!kind) return graphError(400, 'BadRequest', graphMessages.segmentNotFound(ctx.params.kind ?? ''));
  if (!hasAnyPermission(ctx.caller, methodsWrite)) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  if (!user) return notFound(ctx.params.id ?? '');
  // SAFETY: a delegated caller removing an admin's methods needs a role that may reset that admin.
  if (ctx.caller.kind === 'user' && !mayResetPassword(callerRoles(ctx), protectingRoles(ctx, user))) return denied();
  const method = user.hidden.methods.find((m) => m.id === ctx.params.methodId && m.odataType === kind.type);
  if (!method) return notFound(ctx.params.methodId ?? '');
  if (method.id === PASSWORD_METHOD_ID) return badRequest('The password method cannot be deleted.', 'badRequest');
  // https://learn.microsoft.com/en-us/graph/api/phoneauthenticationmethod-delete: "A user can't have
  // an alternateMobile number without a mobile number", and the user's default MFA method "can't be
  // deleted" while other methods remain (graph.md, "More facts verified").
  const phoneType = method.properties.phoneType;
  if (phoneType === 'mobile' && user.hidden.methods.some((m) => m.properties.phoneType === 'alternateMobile')) {
    return badRequest(graphMessages.mobileWithAlternate, 'badRequest');
  }
  const others = user.hidden.methods.filter((m) => m.id !== PASSWORD_METHOD_ID && m !== method);
  if (method.id === defaultMethodId(user) && others.length > 0)
    return badRequest(graphMessages.defaultMethod, 'badRequest');
  user.hidden.methods = user.hidden.methods.filter((m) => m !== method);
  const registered =
    phoneType === 'alternateMobile' ? 'alternateMobilePhone' : phoneType === 'office' ? 'officePhone' : kind.registered;
  if (!user.hidden.methods.some((m) => m.odataType === kind.type && m.properties.phoneType === phoneType)) {
    const reg = user.hidden.registration;
    reg.methodsRegistered = reg.methodsRegistered.filter((r) => r !== registered);
    reg.isMfaRegistered = reg.methodsRegistered.some((r) => r !== 'email');
    reg.isPasswordlessCapable = reg.methodsRegistered.some((r) => r === 'fido2' || r === 'windowsHelloForBusiness');
    if (reg.methodsRegistered.length === 0) reg.isSsprRegistered = false;
  }
  return noContent();
}

/** The default MFA method: the one the user prefers for second factors, by the usual order of
 *  preference (Authenticator push, then an OATH code, then the mobile, alternate and office phones). */
export function defaultMethodId(user: UserRecord): string | undefined {
  const rank = (m: UserRecord['hidden']['methods'][number]): number =>
    m.odataType === 'microsoftAuthenticatorAuthenticationMethod'
      ? 0
      : m.odataType === 'softwareOathAuthenticationMethod'
        ? 1
        : m.properties.phoneType === 'mobile'
          ? 2
          : m.properties.phoneType === 'alternateMobile'
            ? 3
            : m.properties.phoneType === 'office'
              ? 4
              : 99;
  const candidates = user.hidden.methods.filter((m) => rank(m) < 99).sort((a, b) => rank(a) - rank(b));
  return candidates[0]?.id;
}

function registrationOf(ctx: RouteContext, user: UserRecord): Record<string, unknown> {
  const r = user.hidden.registration;
  const methods = [...r.methodsRegistered, ...(user.hidden.tap ? ['temporaryAccessPass'] : [])];
  const preferred = methods.includes('microsoftAuthenticatorPush')
    ? 'push'
    : methods.includes('softwareOneTimePasscode')
      ? 'oath'
      : methods.includes('mobilePhone')
        ? 'sms'
        : 'none';
  return {
    id: user.id,
    userPrincipalName: user.props.userPrincipalName,
    userDisplayName: user.props.displayName ?? '',
    userType: user.props.userType === 'Guest' ? 'guest' : 'member',
    isAdmin: user.hidden.activeRoles.length > 0 || user.hidden.eligibleRoles.length > 0,
    isSsprRegistered: r.isSsprRegistered,
    isSsprEnabled: r.isSsprEnabled,
    isSsprCapable: r.isSsprEnabled && r.isSsprRegistered,
    isMfaRegistered: r.isMfaRegistered,
    isMfaCapable: r.isMfaRegistered,
    isPasswordlessCapable: r.isPasswordlessCapable,
    isSystemPreferredAuthenticationMethodEnabled: false,
    systemPreferredAuthenticationMethods: [],
    userPreferredMethodForSecondaryAuthentication: preferred,
    methodsRegistered: methods,
    lastUpdatedDateTime: isoInstant(ctx.clock.now() - 3_600_000),
  };
}

function registrationGate(ctx: RouteContext): GraphResponse | undefined {
  if (
    !hasAnyPermission(ctx.caller, [
      'AuditLog.Read.All',
      'UserAuthenticationMethod.Read.All',
      'UserAuthenticationMethod.ReadWrite.All',
    ])
  )
    return denied();
  if (!ctx.settings.licences.p1)
    return graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', graphMessages.nonPremium);
  return undefined;
}

export function listRegistrationDetails(ctx: RouteContext): GraphResponse {
  const gate = registrationGate(ctx);
  if (gate) return gate;
  const rows = [...ctx.tenant.users.values()].map((u) => registrationOf(ctx, u));
  const filterable = [
    'id',
    'userPrincipalName',
    'userDisplayName',
    'userType',
    'isAdmin',
    'isSsprRegistered',
    'isSsprEnabled',
    'isSsprCapable',
    'isMfaRegistered',
    'isMfaCapable',
    'isPasswordlessCapable',
    'methodsRegistered',
    'userPreferredMethodForSecondaryAuthentication',
  ];
  return listCollection(
    ctx,
    rows,
    simpleSpec(
      'UserRegistrationDetails',
      'reports/authenticationMethods/userRegistrationDetails',
      filterable,
      ctx.req.query,
    ),
  );
}

export function getRegistrationDetails(ctx: RouteContext): GraphResponse {
  const gate = registrationGate(ctx);
  if (gate) return gate;
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  if (!user) return notFound(ctx.params.id ?? '');
  return json(200, {
    '@odata.context': contextUrl(ctx, 'reports/authenticationMethods/userRegistrationDetails/$entity'),
    ...selectFields(registrationOf(ctx, user), ctx.req.query),
  });
}
