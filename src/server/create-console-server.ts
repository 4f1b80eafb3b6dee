// The console's HTTP server: Fastify with session cookies, CSRF checks on every mutation, the
// permission matrix on every route, security headers, TLS when a certificate is configured.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { withActor, type App } from '../app/create-app.ts';
import { ReclaimError, isReclaimError } from '../core/errors/reclaim-error.ts';
import {
  authenticate,
  checkCsrf,
  defaultAuthSettings,
  sessionCsrfToken,
  signIn,
  type AuthSettings,
} from '../app/auth/console-auth.ts';
import { allows, permissions, type Permission } from '../app/auth/permissions.ts';
import { consoleLogger } from './console-log.ts';
import type { ConsoleRoute } from './console-route.ts';
import { httpStatus } from './http-status.ts';
import { openApiDocument } from './openapi-document.ts';
import { parseBody } from './parse-body.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { campaignRoutes } from './routes/campaign-routes.ts';
import { helpdeskRoutes } from './routes/helpdesk-routes.ts';
import { operatorRoutes } from './routes/operator-routes.ts';
import { operatorTokenRoutes } from './routes/operator-token-routes.ts';
import { taskRoutes } from './routes/task-routes.ts';
import { addOidcRoutes } from './oidc-routes.ts';
import { createOidcSignIn } from '../app/auth/oidc-sign-in.ts';
import { resolveSecret } from '../app/config/secret-ref.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { addStaticFiles } from './static-files.ts';
import { warmConsoleStore } from '../app/console/warm-console-store.ts';
import { warmConsoleFigures } from './console-figures.ts';
import { StatusSnapshotCache } from './status-snapshot-cache.ts';
import { sweepExpiredSessions } from '../app/console/sweep-expired-sessions.ts';
import { auditSignIn, auditSignInFailure, limitSignInAttempts, signOut } from '../app/auth/sign-in-events.ts';
import { z } from 'zod';

export const sessionCookie = 'reclaim_session';
export const consoleRoutes: readonly ConsoleRoute[] = [
  ...campaignRoutes,
  ...helpdeskRoutes,
  ...taskRoutes,
  ...auditRoutes,
  ...operatorTokenRoutes,
  ...operatorRoutes,
];

export interface ConsoleServerOptions {
  app: App;
  tls?: { cert: Buffer; key: Buffer };
  logger?: Logger;
  auth?: Partial<AuthSettings>;
  /** how old a shared dashboard status may be before it is recomputed, in ms (default 2000) */
  statusMaxAgeMs?: number;
  /** sign-in attempts allowed per address per minute (default 20) */
  loginsPerMinute?: number;
  /** how often expired sessions are removed from the store, in ms (default hourly; also once at start) */
  sessionSweepMs?: number;
  /** open campaigns whose status and dashboard are computed before the server is returned (default 10, newest first) */
  warmCampaigns?: number;
}

const loginBody = z
  .object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000), totp: z.string().max(10) })
  .strict();

export async function createConsoleServer(options: ConsoleServerOptions): Promise<FastifyInstance> {
  const { app } = options;
  const settings = { ...defaultAuthSettings, ...options.auth };
  const tls = options.tls !== undefined;
  const server = Fastify({
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    ...(options.logger ? { loggerInstance: consoleLogger(options.logger) } : { logger: false }),
    bodyLimit: 64 * 1024,
    trustProxy: false,
  }) as unknown as FastifyInstance;
  await server.register(cookie);
  addSecurityHeaders(server, tls);
  const store = await app.store();
  // The read workers start before the first request (a failure is the first request's to report).
  await warmConsoleStore(store);
  const statusCache = new StatusSnapshotCache<unknown>(
    options.statusMaxAgeMs ?? 2000,
    () => app.clock.now().getTime(),
    (key, error) =>
      server.log.warn(
        { cacheKey: key, code: isReclaimError(error) ? error.code : 'UNEXPECTED', err: error },
        'refreshing the dashboard status failed; the previous value is still served with its age',
      ),
  );
  // Readiness: the shared figures of the open campaigns are computed before the server is returned
  // (so before it listens): the first viewers after a restart are answered from them (console-figures.ts).
  const warmStarted = performance.now();
  const warmed = await warmConsoleFigures(app, statusCache, {
    limit: options.warmCampaigns ?? 10,
    onError: (campaignId, error) =>
      server.log.warn(
        { campaignId, code: isReclaimError(error) ? error.code : 'UNEXPECTED', err: error },
        "computing a campaign's figures before listening failed; its first viewer computes them",
      ),
  });
  server.log.info(
    { campaigns: warmed.length, ms: Math.round(performance.now() - warmStarted) },
    'the shared figures of the open campaigns are computed',
  );
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: tls };
  const sweeper = sweepExpiredSessions(store, () => app.clock.now(), {
    ...(options.sessionSweepMs !== undefined ? { everyMs: options.sessionSweepMs } : {}),
    onSwept: (removed) => server.log.info({ removed }, 'expired console sessions removed'),
    onError: (error) =>
      server.log.warn(
        { code: isReclaimError(error) ? error.code : 'UNEXPECTED', err: error },
        'removing expired console sessions failed; the next sweep tries again',
      ),
  });
  server.addHook('onClose', async () => {
    sweeper.stop();
    await sweeper.first;
  });

  server.setErrorHandler((error, request, reply) => {
    const known = isReclaimError(error)
      ? error
      : (error as { validation?: unknown; statusCode?: number }).statusCode &&
          (error as { statusCode: number }).statusCode < 500
        ? new ReclaimError('INPUT_INVALID', `The request is invalid: ${(error as Error).message}`)
        : new ReclaimError('UNEXPECTED', undefined, { cause: error });
    if (known.code === 'UNEXPECTED') request.log.error({ err: error }, 'unexpected error');
    void reply.status(httpStatus(known.code)).send({
      error: { code: known.code, message: known.message, retryable: known.retryable, details: known.details },
    });
  });

  server.post('/api/login', async (request, reply) => {
    const ip = request.ip;
    await limitSignInAttempts(store, { address: ip, now: app.clock.now(), perMinute: options.loginsPerMinute ?? 20 });
    const body = parseBody(loginBody, request.body);
    const now = app.clock.now();
    try {
      const result = await signIn(store, () => app.passwordKey(), settings, {
        ...body,
        ip,
        previousToken: request.cookies[sessionCookie],
        now,
      });
      void reply.setCookie(sessionCookie, result.token, cookieOptions);
      await auditSignIn(store, {
        username: result.operator.username,
        role: result.operator.role,
        method: 'password',
        ip,
        now,
      });
      return {
        operator: result.operator,
        csrfToken: result.csrfToken,
        permissions: permittedFor(result.operator.role),
      };
    } catch (error) {
      // SAFETY: the typed name is never the actor (auditSignInFailure escapes it into a detail)
      await auditSignInFailure(store, {
        ip,
        now,
        attempted: body.username,
        code: isReclaimError(error) ? error.code : 'UNEXPECTED',
      });
      throw error;
    }
  });

  // Optional OIDC single sign-on; `enabled: false` is the kill switch (every OIDC session ends).
  const oidcConfig = app.config.console.oidc;
  // The client secret is resolved now, so a missing one stops `reclaim serve` at start.
  const oidcSecret = oidcConfig?.enabled
    ? resolveSecret(oidcConfig.clientSecret, 'console.oidc.clientSecret')
    : undefined;
  const oidc = oidcConfig && oidcSecret ? createOidcSignIn(store, oidcConfig, () => oidcSecret) : undefined;
  addOidcRoutes(server, {
    app,
    store,
    settings,
    oidc,
    sessionCookie,
    tls,
    loginsPerMinute: options.loginsPerMinute ?? 20,
  });

  const signedIn = async (request: FastifyRequest) =>
    authenticate(store, request.cookies[sessionCookie], app.clock.now(), oidc !== undefined, settings.idleTimeoutMs);

  server.post('/api/logout', async (request, reply) => {
    const { session, operator } = await signedIn(request);
    checkCsrf(session, header(request, 'x-csrf-token'));
    await signOut(store, { session, username: operator.username, ip: request.ip, now: app.clock.now() });
    void reply.clearCookie(sessionCookie, cookieOptions);
    return { ok: true };
  });

  // The same CSRF token for the session's whole life: several tabs share it (console-auth.ts).
  server.get('/api/session', async (request) => {
    const { session, operator } = await signedIn(request);
    return {
      operator,
      csrfToken: await sessionCsrfToken(store, session, request.cookies[sessionCookie]!),
      permissions: permittedFor(operator.role),
    };
  });

  const openapi = openApiDocument(consoleRoutes);
  server.get('/api/openapi.json', async () => openapi);

  for (const route of consoleRoutes) {
    server.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const { session, operator } = await signedIn(request);
        // SAFETY: CSRF first, then the role: a forged request learns nothing about permissions.
        if (route.method !== 'GET') checkCsrf(session, header(request, 'x-csrf-token'));
        if (!allows(operator.role, route.permission))
          throw new ReclaimError('PERMISSION_DENIED', `The ${operator.role} role cannot ${route.permission}`);
        const actor = { username: operator.username, role: operator.role, ip: request.ip };
        return route.handler({
          // the signed-in account is the actor of every use case the route calls; a session opened by
          // single sign-on says so, and approving use cases refuse it (operator-identity.ts)
          app: withActor(app, {
            id: operator.id,
            username: operator.username,
            role: operator.role,
            method: session.authMethod === 'password' ? 'console-session' : 'console-sso',
          }),
          operator,
          actor,
          session,
          request,
          reply,
          statusCache,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, string | undefined>,
          body: request.body,
        });
      },
    });
  }
  addStaticFiles(server);
  // Fastify's own 404 logs the whole URL with its query; this answer names the path only.
  server.setNotFoundHandler(async (request) => {
    throw new ReclaimError('NOT_FOUND', `No such page or API route: ${request.method} ${request.url.split('?')[0]}`);
  });
  return server;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function permittedFor(role: Parameters<typeof allows>[0]): Permission[] {
  return (Object.keys(permissions) as Permission[]).filter((p) => allows(role, p));
}
