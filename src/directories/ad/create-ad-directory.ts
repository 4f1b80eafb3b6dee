// Builds an AdDirectory from the `ad` entry of reclaim.yaml: resolves the bind password reference,
// reads the CA file, and sets up the connection pool. Nothing connects until first use.
import { readFileSync } from 'node:fs';
import type { AdDirectoryConfig } from '../../app/config/config-schema.ts';
import { resolveSecret } from '../../app/config/secret-ref.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { AdDirectory } from './ad-directory.ts';
import { LdapConnectionPool } from './ldap-connection-pool.ts';

export function createAdDirectory(config: AdDirectoryConfig, options: { env?: NodeJS.ProcessEnv; now?: () => Date } = {}): AdDirectory {
  const where = `directories.${config.id}`;
  let ca: Buffer | undefined;
  if (config.caFile) {
    try {
      ca = readFileSync(config.caFile);
    } catch (cause) {
      throw new ReclaimError('CONFIG_INVALID', `${where}.caFile: cannot read ${config.caFile}`, { cause });
    }
  }
  const pool = new LdapConnectionPool({
    urls: config.urls,
    startTls: config.startTls,
    readOnly: config.readOnly,
    bindDn: config.bindDn,
    password: resolveSecret(config.password, `${where}.password`, options.env),
    ...(ca ? { ca } : {}),
    ...(config.tlsServerName ? { tlsServerName: config.tlsServerName } : {}),
    connectTimeoutMs: config.connectTimeoutMs,
    operationTimeoutMs: config.operationTimeoutMs,
    maxConcurrency: config.maxConcurrency,
  });
  return new AdDirectory({
    id: config.id,
    pool,
    baseDns: config.baseDns,
    pageSize: config.pageSize,
    privilegedGroups: config.privilegedGroups,
    ...(options.now ? { now: options.now } : {}),
  });
}
