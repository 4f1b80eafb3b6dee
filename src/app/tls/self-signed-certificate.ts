// A self-signed certificate for the console's first run (`reclaim serve --self-signed`): made once
// in a folder of its own, reused on every later start so the fingerprint people checked stays the
// same. ECDSA P-256, a leaf (CA:FALSE: importing it never trusts its key to vouch for other sites).
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { runOpenssl } from './run-openssl.ts';

export interface SelfSignedCertificate {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  /** SHA-256 of the DER certificate, AA:BB:... as browsers show it */
  fingerprint256: string;
  /** false when an earlier start's pair was reused */
  created: boolean;
}

export const selfSignedFileNames = { cert: 'console-cert.pem', key: 'console-key.pem' } as const;

/** The pair in `dir`: reused when both files are there, otherwise made for these names and addresses. */
export function ensureSelfSignedCertificate(
  dir: string,
  subject: { dnsNames: string[]; ips: string[] },
): SelfSignedCertificate {
  const certFile = join(dir, selfSignedFileNames.cert);
  const keyFile = join(dir, selfSignedFileNames.key);
  let created = false;
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    make(dir, certFile, keyFile, subject);
    created = true;
  }
  // SAFETY: a key others can read is a key others can use to impersonate the console.
  const mode = statSync(keyFile).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ReclaimError(
      'CONFIG_INVALID',
      `${keyFile} is readable by group or others (mode ${mode.toString(8)}): run chmod 600 on it, or delete the pair to make a new one`,
    );
  }
  const cert = readFileSync(certFile);
  const key = readFileSync(keyFile);
  let fingerprint256: string;
  try {
    fingerprint256 = new X509Certificate(cert).fingerprint256;
  } catch (cause) {
    throw new ReclaimError(
      'CONFIG_INVALID',
      `${certFile} is not a PEM certificate: delete the pair to make a new one`,
      { cause },
    );
  }
  return { certFile, keyFile, cert, key, fingerprint256, created };
}

function make(dir: string, certFile: string, keyFile: string, subject: { dnsNames: string[]; ips: string[] }): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const san = [...new Set(subject.dnsNames)]
    .map((d) => `DNS:${d}`)
    .concat([...new Set(subject.ips)].map((ip) => `IP:${ip}`))
    .join(',');
  const partKey = `${keyFile}.${process.pid}.part`;
  const partCert = `${certFile}.${process.pid}.part`;
  // SAFETY: the key file exists with mode 0600 before openssl writes the key into it, so the key is
  // never readable by others, not even for an instant under a loose umask.
  writeFileSync(partKey, '', { mode: 0o600 });
  chmodSync(partKey, 0o600);
  try {
    runOpenssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        partKey,
        '-out',
        partCert,
        '-days',
        '825',
        '-sha256',
        '-subj',
        '/CN=Reclaim console (self-signed)',
        '-addext',
        `subjectAltName=${san}`,
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-addext',
        'keyUsage=critical,digitalSignature',
        '-addext',
        'extendedKeyUsage=serverAuth',
      ],
      dir,
    );
    // The key first: a cert without its key is never taken for a complete pair.
    renameSync(partKey, keyFile);
    renameSync(partCert, certFile);
  } catch (cause) {
    rmSync(partKey, { force: true });
    rmSync(partCert, { force: true });
    const why = (cause as { stderr?: Buffer }).stderr?.toString().trim() || (cause as Error).message;
    throw new ReclaimError('CONFIG_INVALID', `a self-signed certificate could not be made in ${dir}: ${why}`, {
      cause,
    });
  }
}
