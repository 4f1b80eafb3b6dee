// Builds a MultiDcAdDirectory from the `ad` entry of reclaim.yaml: one pool per listed DC, each
// with the configured per-DC concurrency and both timeouts (a hung DC must never stall a run).
import type { AdDirectoryConfig } from '../config/config-schema.ts';
import { adPoolOptions } from './ad-pool-options.ts';
import { AdDirectory } from '../../directories/ad/ad-directory.ts';
import { LdapConnectionPool } from '../../directories/ad/ldap-connection-pool.ts';
import { DcRouter } from '../../directories/ad/multi-dc/dc-router.ts';
import { MultiDcAdDirectory } from '../../directories/ad/multi-dc/multi-dc-ad-directory.ts';

export interface MultiDcOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** how long a DC marked down waits before it is probed again */
  retryDownAfterMs?: number;
}

export function createMultiDcAdDirectory(config: AdDirectoryConfig, options: MultiDcOptions = {}): MultiDcAdDirectory {
  // the password reference is resolved and the CA read once, for every DC's pool
  const shared = adPoolOptions(config, options.env);
  const members = config.urls.map((url) => {
    const pool = new LdapConnectionPool({ urls: [url], ...shared });
    const directory = new AdDirectory({
      id: config.id,
      pool,
      baseDns: config.baseDns,
      pageSize: config.pageSize,
      privilegedGroups: config.privilegedGroups,
      ...(options.now ? { now: options.now } : {}),
    });
    return { url, pool, directory };
  });
  const router = new DcRouter(
    config.urls,
    options.retryDownAfterMs === undefined ? {} : { retryDownAfterMs: options.retryDownAfterMs },
  );
  return new MultiDcAdDirectory(config.id, members, router);
}
