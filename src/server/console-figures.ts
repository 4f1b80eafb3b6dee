// The campaign figures every viewer shares (status-snapshot-cache.ts): the status and the
// dashboard, under one key each per campaign, read by their routes and computed ahead by
// warmConsoleFigures before the console listens: its readiness. `reclaim serve` opens the port, and
// prints that it is ready, once the figures of the open campaigns (draft, active, paused; the
// newest first) are in the cache, so the first viewers after a restart are answered from it
// instead of waiting, all of them, for the recount. A campaign whose figures fail to compute is
// logged and left to its first viewer (who gets the error as before): the console still starts.
import { campaignDashboard } from '../app/console/campaign-dashboard.ts';
import { consoleStatus, listCampaigns } from '../app/console/console-campaigns.ts';
import type { App } from '../app/create-app.ts';
import type { StatusSnapshotCache } from './status-snapshot-cache.ts';

type Cache = StatusSnapshotCache<unknown>;

/** The campaign's status as shared between viewers (`campaign`: its id or name, as the URL gives it). */
export function sharedStatus(app: App, cache: Cache, campaign: string) {
  return cache.get(campaign, () => consoleStatus(app, campaign));
}

/** The campaign's dashboard as shared between viewers. */
export function sharedDashboard(app: App, cache: Cache, campaign: string) {
  return cache.get(`dashboard:${campaign}`, () => campaignDashboard(app, { campaignId: campaign }));
}

const openStatuses = new Set(['draft', 'active', 'paused']);

/**
 * Computes the status and the dashboard of the newest `limit` open campaigns into `cache`, one
 * campaign after the other. Returns the campaigns warmed; `onError` hears each figure that failed.
 */
export async function warmConsoleFigures(
  app: App,
  cache: Cache,
  options: { limit?: number; onError: (campaignId: string, error: unknown) => void },
): Promise<string[]> {
  const listed = await listCampaigns(app).catch((error: unknown) => {
    options.onError('(the campaign list)', error);
    return [];
  });
  const campaigns = listed.filter((c) => openStatuses.has(c.status)).slice(0, options.limit ?? 10);
  const warmed: string[] = [];
  for (const { id } of campaigns) {
    // both settled before the next campaign (and before the console listens), each failure heard
    const results = await Promise.allSettled([sharedStatus(app, cache, id), sharedDashboard(app, cache, id)]);
    for (const r of results) if (r.status === 'rejected') options.onError(id, r.reason);
    if (results.every((r) => r.status === 'fulfilled')) warmed.push(id);
  }
  return warmed;
}
