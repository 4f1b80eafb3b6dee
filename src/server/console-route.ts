// One route of the console's HTTP API: the same table registers the Fastify routes, writes the
// OpenAPI document and drives the permission-matrix test.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { App } from '../app/create-app.ts';
import type { ConsoleActor } from '../app/console/helpdesk-credential.ts';
import type { Permission } from '../app/auth/permissions.ts';
import type { SignedInOperator } from '../app/auth/console-auth.ts';
import type { StatusSnapshotCache } from './status-snapshot-cache.ts';
import type { SessionRow } from '../store/operators/operator-sessions.ts';

export interface RouteContext {
  /** the App acting as the signed-in operator (audit entries name them) */
  app: App;
  operator: SignedInOperator;
  actor: ConsoleActor;
  /** the session the request came with (how it was opened: password + TOTP, or OIDC) */
  session: SessionRow;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  request: FastifyRequest;
  reply: FastifyReply;
  /** the shared dashboard status (see status-snapshot-cache.ts) */
  statusCache: StatusSnapshotCache<unknown>;
}

export interface ConsoleRoute {
  method: 'GET' | 'POST';
  /** Fastify path syntax (`:id`) */
  url: string;
  permission: Permission;
  summary: string;
  body?: z.ZodType;
  handler(ctx: RouteContext): Promise<unknown>;
}
