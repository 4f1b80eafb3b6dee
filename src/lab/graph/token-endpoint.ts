// The login surface (graph.md B1, C1): OpenID configuration, JWKS and the v2.0 token endpoint with
// client credentials (client secret or a certificate assertion in RS256/PS256) and the
// resource-owner password grant (ROPC), which is also how a test proves which password signs in
// to the cloud. Errors use the AADSTS body shape.
import { randomUUID } from 'node:crypto';
import { issueAccessToken, jwks, publicKeyOfCertificate, type SigningKey } from './access-token.ts';
import { isoInstant } from './emulator-clock.ts';
import { certificateThumbprints, decodeJwt, verifyJwtSignature } from './jwt.ts';
import type { OnPremisesCheck } from './on-premises-sign-in.ts';
import { passwordMatches, type AppRegistration, type TenantState } from './tenant-state.ts';

export interface LoginEnv {
  state: TenantState;
  key: SigningKey;
  baseUrl: string;
  tokenLifetimeSeconds: number;
  /** the emulator clock, for tenant state (token times use real time) */
  nowMs: () => number;
  /** pass-through and federated domains: AD checks the password (on-premises-sign-in.ts) */
  onPremisesCheck?: OnPremisesCheck;
}

export interface LoginResponse {
  status: number;
  body: unknown;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function aadError(status: number, error: string, code: number, description: string): LoginResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    status,
    body: {
      error,
      error_description:
        `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ` +
        `${correlationId} Timestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
      error_codes: [code],
      timestamp: `${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

function openIdConfiguration(base: string, tenant: string): unknown {
  const t = `${base}/${tenant}`;
  return {
    token_endpoint: `${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${t}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${t}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'oid'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

function tenantMatches(env: LoginEnv, tenant: string): boolean {
  return tenant === env.state.tenantId || env.state.domains.some((d) => d.name.toLowerCase() === tenant.toLowerCase());
}

/** Handles a login-surface request, or returns undefined when the path is not one. */
export async function handleLogin(
  method: string,
  pathname: string,
  bodyText: string,
  env: LoginEnv,
): Promise<LoginResponse | undefined> {
  const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/.exec(
    pathname,
  );
  if (!m) return undefined;
  const [, tenant = '', what] = m;
  if (!tenantMatches(env, tenant)) {
    return aadError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  if (what?.startsWith('v2.0')) return { status: 200, body: openIdConfiguration(env.baseUrl, tenant) };
  if (what?.startsWith('discovery')) return { status: 200, body: jwks(env.key) };
  if (method !== 'POST') return aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
  return tokenRequest(new URLSearchParams(bodyText), `${env.baseUrl}/${tenant}/oauth2/v2.0/token`, env);
}

async function tokenRequest(form: URLSearchParams, tokenEndpoint: string, env: LoginEnv): Promise<LoginResponse> {
  const grant = form.get('grant_type');
  const clientId = form.get('client_id') ?? '';
  const app = env.state.findApp(clientId);
  if (!app) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory ` +
        `'${env.state.tenantId}'. This can happen if the application has not been installed by ` +
        `the administrator of the tenant or consented to by any user in the tenant. You may have ` +
        `sent your authentication request to the wrong tenant.`,
    );
  }
  if (grant !== 'client_credentials' && grant !== 'password') {
    return aadError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant ?? ''}'.`,
    );
  }
  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const resourceScopes = scopes.filter((s) => !['openid', 'profile', 'offline_access', 'email'].includes(s));
  if (grant === 'client_credentials') {
    if (
      resourceScopes.length !== 1 ||
      !/^(https:\/\/graph\.microsoft\.com|00000003-0000-0000-c000-000000000000)\/\.default$/.test(
        resourceScopes[0] ?? '',
      )
    ) {
      return aadError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential ` +
          `flows must have a scope value with /.default suffixed to the resource identifier ` +
          `(application ID URI).`,
      );
    }
  }
  const clientAuth = authenticateClient(form, app, tokenEndpoint, grant === 'password');
  if (clientAuth) return clientAuth;
  const now = Date.now();
  const lifetime = env.tokenLifetimeSeconds;
  if (grant === 'client_credentials') {
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: issueAccessToken(env.key, env.state.tenantId, app, now, lifetime),
      },
    };
  }
  return await passwordGrant(form, app, resourceScopes, env, now);
}

function authenticateClient(
  form: URLSearchParams,
  app: AppRegistration,
  tokenEndpoint: string,
  publicAllowed: boolean,
): LoginResponse | undefined {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (secret === app.clientSecret) return undefined;
    return aadError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client ` +
        `secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return aadError(400, 'invalid_request', 50027, 'Invalid client_assertion_type.');
    }
    return checkAssertion(assertion, app, tokenEndpoint);
  }
  if (publicAllowed) return undefined;
  return aadError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}

function checkAssertion(assertion: string, app: AppRegistration, tokenEndpoint: string): LoginResponse | undefined {
  const decoded = decodeJwt(assertion);
  const invalidSignature = (reason: string) =>
    aadError(401, 'invalid_client', 700027, `Client assertion failed signature validation. [Reason - ${reason}]`);
  if (!decoded) return aadError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  const { header, payload } = decoded;
  if (header.alg !== 'RS256' && header.alg !== 'PS256')
    return invalidSignature(`The algorithm '${String(header.alg)}' is not supported.`);
  const thumbs = certificateThumbprints(app.certificatePem);
  const x5tS256 = header['x5t#S256'];
  const x5t = header.x5t;
  if (
    (x5tS256 !== undefined && x5tS256 !== thumbs.x5tS256) ||
    (x5tS256 === undefined && x5t !== undefined && x5t !== thumbs.x5t)
  ) {
    return invalidSignature(`The key was not found., Thumbprint of key used by client: '${String(x5tS256 ?? x5t)}'`);
  }
  if (!verifyJwtSignature(decoded, publicKeyOfCertificate(app.certificatePem)))
    return invalidSignature('The signature is invalid.');
  if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
    return aadError(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    );
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.some((a) => typeof a === 'string' && a.split('?')[0] === tokenEndpoint)) {
    return aadError(
      401,
      'invalid_client',
      700212,
      `Client assertion audience claim does not match Realm issuer. Expected '${tokenEndpoint}'.`,
    );
  }
  // The client signs with its own (real) clock, so the assertion's lifetime is checked against
  // real time, not the emulator's movable clock.
  const nowS = Date.now() / 1000;
  if (
    typeof payload.exp !== 'number' ||
    payload.exp < nowS - 300 ||
    (typeof payload.nbf === 'number' && payload.nbf > nowS + 300)
  ) {
    return aadError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
  }
  return undefined;
}

// ROPC (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth-ropc): POST the token
// endpoint with grant_type=password, username and password. The answers a sign-in gets, with the
// codes of https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes:
// AADSTS50034 UserAccountNotFound, AADSTS50126 InvalidUserNameOrPassword, AADSTS50057
// UserDisabled, AADSTS50055 InvalidPasswordExpiredPassword (a cloud must-change: the old password
// gets no token until it is changed), AADSTS50144 InvalidPasswordExpiredOnPremPassword (the AD
// password of a pass-through or federated user must change).
async function passwordGrant(
  form: URLSearchParams,
  app: AppRegistration,
  scopes: string[],
  env: LoginEnv,
  now: number,
): Promise<LoginResponse> {
  const username = form.get('username') ?? '';
  const user = env.state.findUser(username);
  const password = form.get('password') ?? '';
  if (!user) {
    return aadError(
      400,
      'invalid_grant',
      50034,
      `The user account ${username} does not exist in the ${env.state.tenantId} directory. To sign ` +
        `into this application, the account must be added to the directory.`,
    );
  }
  const onPremises = env.onPremisesCheck?.(user, password);
  const verdict = onPremises ? await onPremises : passwordMatches(user, password) ? 'ok' : 'invalid';
  if (verdict === 'invalid')
    return aadError(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.');
  if (user.props.accountEnabled !== true || verdict === 'disabled')
    return aadError(400, 'invalid_grant', 50057, 'The user account is disabled.');
  if (verdict === 'mustChange')
    return aadError(400, 'invalid_grant', 50144, "User's Active Directory password has expired.");
  if (!onPremises && (user.hidden.forceChangePasswordNextSignIn || user.hidden.forceChangePasswordNextSignInWithMfa)) {
    return aadError(400, 'invalid_grant', 50055, 'The password is expired.');
  }
  // A successful interactive sign-in shows in signInActivity (on the emulator clock).
  user.props.signInActivity = {
    ...(user.props.signInActivity as object | null),
    lastSignInDateTime: isoInstant(env.nowMs()),
  };
  const wanted = scopes.flatMap((s) =>
    s.endsWith('/.default') ? app.delegatedScopes : [s.replace(/^https:\/\/graph\.microsoft\.com\//, '')],
  );
  const granted = wanted.filter((s) => app.delegatedScopes.includes(s));
  const token = issueAccessToken(env.key, env.state.tenantId, app, now, env.tokenLifetimeSeconds, {
    id: user.id,
    upn: String(user.props.userPrincipalName),
    wids: user.hidden.activeRoles,
    scopes: granted,
  });
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      scope: granted.join(' '),
      expires_in: env.tokenLifetimeSeconds,
      ext_expires_in: env.tokenLifetimeSeconds,
      access_token: token,
    },
  };
}
