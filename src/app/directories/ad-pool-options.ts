// The connection-pool settings of one `ad` entry of reclaim.yaml, shared by the single-pool and the
// one-pool-per-DC builders: resolves the bind password reference and reads the CA file once.
import { readFileSync } from 'node:fs';
import type { AdDirectoryConfig } from '../config/config-schema.ts';
import { resolveSecret } from '../config/secret-ref.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { LdapConnectionPool } from '../../directories/ad/ldap-connection-pool.ts';

export type AdPoolOptions = ConstructorParameters<typeof LdapConnectionPool>[0];

/** Pool options for `config`, without `urls` (the caller chooses: every DC, or one). */
export function adPoolOptions(config: AdDirectoryConfig, env?: NodeJS.ProcessEnv): Omit<AdPoolOptions, 'urls'> {
  const where = `directories.${config.id}`;
  let ca: Buffer | undefined;
  if (config.caFile) {
    try {
      ca = readFileSync(config.caFile);
    } catch (cause) {
      throw new ReclaimError('CONFIG_INVALID', `${where}.caFile: cannot read ${config.caFile}`, { cause });
    }
  }
  return {
    startTls: config.startTls,
    readOnly: config.readOnly,
    bindDn: config.bindDn,
    password: resolveSecret(config.password, `${where}.password`, env),
    ...(ca ? { ca } : {}),
    ...(config.tlsServerName ? { tlsServerName: config.tlsServerName } : {}),
    connectTimeoutMs: config.connectTimeoutMs,
    operationTimeoutMs: config.operationTimeoutMs,
    maxConcurrency: config.maxConcurrency,
    connections: config.connections,
  };
}
