// The v1.0 route table: method, path pattern, handler, the throttling bucket it draws from and its
// base resource-unit cost (graph.md A9). Segment names match case-insensitively, as in Graph.
import type { RouteHandler } from './route-context.ts';
import type { BucketKind } from './throttle-gate.ts';

export interface Route {
  method: string;
  pattern: RegExp;
  handler: RouteHandler;
  bucket: BucketKind;
  baseCost: number;
}

export type RouteMatch =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'methodNotAllowed' }
  | { kind: 'notFound'; segment: string };

export class Router {
  private readonly routes: Route[] = [];

  add(
    method: string,
    path: string,
    handler: RouteHandler,
    options: { bucket?: BucketKind; baseCost?: number } = {},
  ): this {
    // '/users/{id}' → ^/users/(?<id>[^/]+)$
    const source = path.replace(/[.$()]/g, (c) => `\\${c}`).replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
    this.routes.push({
      method,
      pattern: new RegExp(`^${source}/?$`, 'i'),
      handler,
      bucket: options.bucket ?? 'identity',
      baseCost: options.baseCost ?? 1,
    });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const candidates = this.routes.filter((r) => r.pattern.test(path));
    const route = candidates.find((r) => r.method === method.toUpperCase());
    if (route) {
      const groups = route.pattern.exec(path)?.groups ?? {};
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(groups)) if (v !== undefined) params[k] = decodeURIComponent(v);
      return { kind: 'route', route, params };
    }
    if (candidates.length > 0) return { kind: 'methodNotAllowed' };
    return { kind: 'notFound', segment: path.split('/').filter(Boolean)[0] ?? '' };
  }
}
