// OIDC single sign-on for the console, through openid-client (authorization code flow with PKCE,
// state and nonce; the ID token's signature, issuer, audience, expiry and nonce are checked by the
// library). It only tells who the IdP says the person is: whether that person may sign in, and with
// which role, is decided from Reclaim's own operators table (see oidc-routes.ts).
// https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import { ReclaimError, isReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import type { OidcConfig } from '../config/config-schema.ts';
import type { Store } from '../../store/open-store.ts';
import { saveOidcFlow, takeOidcFlow } from '../../store/operators/oidc-flows.ts';

/** how long a started sign-in may take at the IdP */
export const oidcFlowTtlMs = 10 * 60_000;

export interface OidcSignIn {
  /** the IdP's authorization URL, and the state to keep in the browser's cookie */
  start(now: Date): Promise<{ url: string; state: string }>;
  /** the IdP's answer (query of the callback) checked against the flow started with `state`: the username claim */
  finish(query: URLSearchParams, state: string, now: Date): Promise<{ username: string; subject: string }>;
}

const stateHash = (state: string) => createHash('sha256').update(state).digest('hex');

export function createOidcSignIn(store: Store, oidc: OidcConfig, clientSecret: () => Secret): OidcSignIn {
  const issuer = new URL(oidc.issuer);
  // SAFETY: the schema accepts http:// only on loopback; openid-client refuses it otherwise.
  const insecure = issuer.protocol === 'http:';
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = async (): Promise<client.Configuration> => {
    discovered ??= client.discovery(
      issuer,
      oidc.clientId,
      undefined,
      client.ClientSecretBasic(clientSecret().reveal()),
      {
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 10,
      },
    );
    try {
      return await discovered;
    } catch (error) {
      discovered = undefined; // try the discovery again at the next sign-in
      throw new ReclaimError('AUTH_REQUIRED', `The OIDC issuer ${oidc.issuer} could not be read: ${describe(error)}`, {
        cause: error,
      });
    }
  };

  return {
    async start(now) {
      const config = await configuration();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await saveOidcFlow(store, { stateHash: stateHash(state), nonce, codeVerifier, ttlMs: oidcFlowTtlMs, now });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: oidc.redirectUrl,
        scope: oidc.scopes.join(' '),
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, state };
    },

    async finish(query, state, now) {
      // SAFETY: the answer must carry the state this browser started with (login CSRF); the
      // library checks it again. The flow is then taken (deleted) before the code is exchanged:
      // a replayed callback finds nothing.
      if (query.get('state') !== state) {
        throw new ReclaimError(
          'AUTH_REQUIRED',
          "The state in the identity provider's answer is not the one this browser's sign-in started with",
        );
      }
      const flow = await takeOidcFlow(store, stateHash(state), now);
      if (!flow)
        throw new ReclaimError(
          'AUTH_REQUIRED',
          'This single sign-on attempt is unknown, already used or expired: start again',
        );
      const config = await configuration();
      const current = new URL(oidc.redirectUrl);
      current.search = query.toString();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new ReclaimError('AUTH_REQUIRED', `The identity provider's answer was refused: ${describe(error)}`, {
          cause: error,
        });
      }
      const claims = tokens.claims();
      if (!claims) throw new ReclaimError('AUTH_REQUIRED', 'The identity provider returned no ID token');
      let username = claims[oidc.usernameClaim];
      // Many providers put profile claims only in userinfo (OIDC Core 5.4).
      if (username === undefined) {
        try {
          username = (await client.fetchUserInfo(config, tokens.access_token, claims.sub))[oidc.usernameClaim];
        } catch (error) {
          throw new ReclaimError(
            'AUTH_REQUIRED',
            `The identity provider's userinfo could not be read: ${describe(error)}`,
            { cause: error },
          );
        }
      }
      if (typeof username !== 'string' || username === '') {
        throw new ReclaimError(
          'AUTH_REQUIRED',
          `The identity provider gave no ${oidc.usernameClaim} claim to match a console account`,
        );
      }
      return { username, subject: claims.sub };
    },
  };
}

/** openid-client's error, with the protocol detail it wraps (which claim or parameter, the IdP's error). */
function describe(error: unknown): string {
  if (isReclaimError(error)) return error.message;
  const e = error as {
    code?: unknown;
    error?: unknown;
    error_description?: unknown;
    message?: unknown;
    cause?: { message?: unknown; claim?: unknown; cause?: { claim?: unknown } };
  };
  const claim = e.cause?.claim ?? e.cause?.cause?.claim;
  const parts = [
    e.code,
    e.error,
    e.error_description,
    e.message,
    e.cause?.message,
    typeof claim === 'string' ? `claim ${claim}` : undefined,
  ];
  return [...new Set(parts.filter((x): x is string => typeof x === 'string' && x !== ''))].join(': ') || String(error);
}
