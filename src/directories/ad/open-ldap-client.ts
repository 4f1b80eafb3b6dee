// One authenticated LDAP connection to one DC: TLS verified against the configured CA, timeouts on
// connect and on every operation, the service account bound. Failures come out as catalog codes.
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import { translateLdapError } from './translate-ldap-error.ts';

export interface LdapEndpointOptions {
  url: string;
  startTls: boolean;
  /** true when nothing is ever written through this connection (encryption is required either way) */
  readOnly: boolean;
  bindDn: string;
  password: Secret;
  ca?: Buffer;
  tlsServerName?: string;
  connectTimeoutMs: number;
  operationTimeoutMs: number;
}

export function isEncrypted(options: Pick<LdapEndpointOptions, 'url' | 'startTls'>): boolean {
  return options.url.startsWith('ldaps://') || options.startTls;
}

function tlsOptions(options: LdapEndpointOptions): ConnectionOptions {
  const name = options.tlsServerName;
  return {
    minVersion: 'TLSv1.2',
    ...(options.ca ? { ca: [options.ca] } : {}),
    ...(name
      ? { servername: name, checkServerIdentity: (_host: string, cert) => checkServerIdentity(name, cert) }
      : {}),
  };
}

/** Connects and binds; the client is closed again on any failure (ldapts keeps a failed bind's socket open). */
export async function openLdapClient(options: LdapEndpointOptions): Promise<Client> {
  // SAFETY: a simple bind over plain LDAP sends the service account's password in clear, and AD
  // takes unicodePwd only over an encrypted channel. Every connection is encrypted, read-only
  // ones included (the config schema refuses the same; this is the second line): refused here
  // before a socket is opened, so the password never leaves the process.
  if (!isEncrypted(options)) {
    throw new ReclaimError(
      'INSECURE_TRANSPORT',
      `${options.url}: plain LDAP is refused (a simple bind would send the service account's password in clear); use ldaps:// or startTls`,
    );
  }
  const client = new Client({
    url: options.url,
    // ldapts 8 switches to TLS from the first byte whenever tlsOptions is set, even for ldap://
    // (samba-lab.md, gotcha 7): for StartTLS the options go to startTLS() instead.
    ...(options.url.startsWith('ldaps://') ? { tlsOptions: tlsOptions(options) } : {}),
    timeout: options.operationTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    strictDN: false,
  });
  let stage: 'connect' | 'bind' = 'connect';
  try {
    if (options.startTls && options.url.startsWith('ldap://')) await client.startTLS(tlsOptions(options));
    stage = 'bind';
    await client.bind(options.bindDn, options.password.reveal());
    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw translateLdapError(error, stage, `${options.url} as ${options.bindDn}`);
  }
}
