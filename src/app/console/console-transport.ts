// How `reclaim serve` carries the console: HTTPS with the configured pair (console.tls), HTTPS with
// a self-signed pair made on the first run (--self-signed), or plain HTTP on loopback only.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { parseStoreUrl } from '../../store/parse-store-url.ts';
import type { ReclaimConfig } from '../config/config-schema.ts';
import { ensureSelfSignedCertificate } from '../tls/self-signed-certificate.ts';

export interface ConsoleTransport {
  /** undefined: plain HTTP (loopback only) */
  tls?: { cert: Buffer; key: Buffer };
  /** SHA-256 fingerprint of the certificate served */
  fingerprint256?: string;
  /** set with --self-signed: where the pair is, and whether this start made it */
  selfSigned?: { certFile: string; keyFile: string; created: boolean };
}

export interface ConsoleTransportInput {
  config: ReclaimConfig;
  configFile: string;
  /** the address `serve` listens on */
  host: string;
  /** --self-signed: true for the default folder, or the folder given */
  selfSigned?: string | boolean | undefined;
}

/** 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) and the name localhost, which resolves only there (RFC 6761). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export function consoleTransport(input: ConsoleTransportInput): ConsoleTransport {
  const { config, configFile, host } = input;
  const configured = config.console.tls;
  if (configured && input.selfSigned) {
    throw new ReclaimError(
      'USAGE_INVALID',
      `--self-signed and console.tls in ${configFile} exclude each other: the configured certificate is used without --self-signed`,
    );
  }
  if (configured) {
    const cert = readPem(configured.certFile, `${configFile}: console.tls.certFile`);
    const key = readPem(configured.keyFile, `${configFile}: console.tls.keyFile`);
    return { tls: { cert, key }, fingerprint256: checkedPair(cert, key, configFile) };
  }
  if (input.selfSigned) {
    const dir =
      typeof input.selfSigned === 'string' ? resolve(input.selfSigned) : defaultSelfSignedDir(config, configFile);
    const pair = ensureSelfSignedCertificate(dir, certificateNames(host));
    return {
      tls: { cert: pair.cert, key: pair.key },
      fingerprint256: pair.fingerprint256,
      selfSigned: { certFile: pair.certFile, keyFile: pair.keyFile, created: pair.created },
    };
  }
  // SAFETY: the console carries session cookies, sign-in passwords and TOTP codes, and shows TAPs
  // and temporary passwords. Over plain HTTP anyone on the path reads them; only a loopback
  // address keeps them on this machine.
  if (!isLoopbackHost(host)) {
    throw new ReclaimError(
      'INSECURE_TRANSPORT',
      `${configFile}: console.tls is not set, and plain HTTP is refused on ${host} (only loopback ` +
        `may serve it): set console.tls.certFile and console.tls.keyFile, or start with ` +
        `--self-signed for a first run`,
    );
  }
  return {};
}

/** Beside a SQLite store; beside the config file for PostgreSQL or an in-memory store. */
export function defaultSelfSignedDir(config: ReclaimConfig, configFile: string): string {
  const location = parseStoreUrl(config.store.url);
  const base =
    location.dialect === 'sqlite' && location.path !== ':memory:'
      ? dirname(location.path)
      : dirname(resolve(configFile));
  return join(base, 'console-tls');
}

/** The names a browser may use to reach this console: the listen address, this host, loopback. */
function certificateNames(host: string): { dnsNames: string[]; ips: string[] } {
  const bare = host.replace(/^\[|\]$/g, '');
  const wildcard = bare === '0.0.0.0' || bare === '::';
  const ips = ['127.0.0.1', '::1'];
  if (isIP(bare) && !wildcard) ips.push(bare);
  if (wildcard) {
    for (const addresses of Object.values(networkInterfaces()))
      for (const a of addresses ?? []) if (!a.internal && !a.address.startsWith('fe80:')) ips.push(a.address);
  }
  const dnsNames = ['localhost', hostname()];
  if (!isIP(bare)) dnsNames.push(bare);
  return { dnsNames: dnsNames.filter((n) => /^[A-Za-z0-9.-]+$/.test(n)), ips };
}

function readPem(file: string, where: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ReclaimError(
      'CONFIG_INVALID',
      `${where}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** The pair must load as Node's HTTPS server will load it; the fingerprint of the leaf. */
function checkedPair(cert: Buffer, key: Buffer, configFile: string): string {
  let fingerprint: string;
  try {
    fingerprint = new X509Certificate(cert).fingerprint256;
  } catch (error) {
    throw new ReclaimError(
      'CONFIG_INVALID',
      `${configFile}: console.tls.certFile is not a PEM certificate: ${(error as Error).message}`,
    );
  }
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new ReclaimError(
      'CONFIG_INVALID',
      `${configFile}: console.tls.keyFile does not load with console.tls.certFile (not its key, or not PEM): ${(error as Error).message}`,
    );
  }
  return fingerprint;
}
