// The OpenAPI 3.1 description of the console API, generated from the same route table that
// registers the routes (so it cannot drift). The web console fetches it to find its endpoints.
import { z } from 'zod';
import type { ConsoleRoute } from './console-route.ts';
import { permissions } from '../app/auth/permissions.ts';

export function openApiDocument(routes: readonly ConsoleRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {
    '/api/login': {
      post: {
        operationId: 'login',
        summary: 'Sign in with username, password and TOTP code; sets the session cookie and returns the CSRF token',
        security: [],
      },
    },
    '/api/logout': { post: { operationId: 'logout', summary: 'End the session' } },
    '/api/session': {
      get: { operationId: 'session', summary: 'The signed-in operator, role, permissions and a fresh CSRF token' },
    },
  };
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: operationId(route),
      summary: route.summary,
      'x-permission': route.permission,
      'x-roles': permissions[route.permission],
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body) } } } }
        : {}),
      responses: {
        200: { description: 'OK' },
        401: { description: 'AUTH_REQUIRED' },
        403: { description: 'PERMISSION_DENIED, IDENTITY_PROTECTED or bad CSRF token' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Reclaim console API', version: '1' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'reclaim_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
    },
    security: [{ session: [], csrf: [] }],
    paths,
  };
}

export function operationId(route: ConsoleRoute): string {
  const words = route.url
    .replace('/api/', '')
    .split('/')
    .filter((w) => !w.startsWith(':'));
  // A route ending in a parameter reads one item (getCampaignsIdentitiesOne vs the search).
  return (
    route.method.toLowerCase() +
    words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') +
    (/:\w+$/.test(route.url) && words.length > 1 ? 'One' : '')
  );
}
