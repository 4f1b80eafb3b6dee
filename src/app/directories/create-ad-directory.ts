// Builds an AdDirectory from the `ad` entry of reclaim.yaml: resolves the bind password reference,
// reads the CA file, and sets up the connection pool. Nothing connects until first use.
import type { AdDirectoryConfig } from '../config/config-schema.ts';
import { adPoolOptions } from './ad-pool-options.ts';
import { AdDirectory } from '../../directories/ad/ad-directory.ts';
import { LdapConnectionPool } from '../../directories/ad/ldap-connection-pool.ts';

export function createAdDirectory(
  config: AdDirectoryConfig,
  options: { env?: NodeJS.ProcessEnv; now?: () => Date } = {},
): AdDirectory {
  const pool = new LdapConnectionPool({ urls: config.urls, ...adPoolOptions(config, options.env) });
  return new AdDirectory({
    id: config.id,
    pool,
    baseDns: config.baseDns,
    pageSize: config.pageSize,
    privilegedGroups: config.privilegedGroups,
    ...(options.now ? { now: options.now } : {}),
  });
}
