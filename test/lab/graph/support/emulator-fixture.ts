// Starts an in-process emulator with the lab CA's certificate, and a raw HTTPS client that trusts
// the lab CA explicitly (no NODE_EXTRA_CA_CERTS needed), for the emulator's own tests.
import { request } from 'node:https';
import { join } from 'node:path';
import { labDir } from '../../../../src/lab/samba/lab-info.ts';
import { ensureLabCa, issueServerCert } from '../../../../src/lab/tls/lab-ca.ts';
import {
  startGraphEmulator,
  type GraphEmulatorOptions,
  type RunningGraphEmulator,
} from '../../../../src/lab/graph/graph-emulator.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

const ca = ensureLabCa(join(labDir(), 'ca'));
const cert = issueServerCert(ca, 'graph', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });

/** The lab CA file, for child processes that must trust the emulator through NODE_EXTRA_CA_CERTS. */
export const labCaFile = ca.caFile;

// App credentials kept across test runs (generating five certificates costs seconds on a busy machine).
const credentialsDir = join(labDir(), 'graph', 'test-credentials');

export function startTestEmulator(options: Partial<GraphEmulatorOptions> = {}): Promise<RunningGraphEmulator> {
  return startGraphEmulator({
    tls: { certPem: cert.certPem, keyPem: cert.keyPem },
    timeScale: 0.01,
    credentialsDir,
    ...options,
  });
}

export function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca: ca.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
        resolve({ status: res.statusCode ?? 0, headers, body, text });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

export async function tokenFor(emu: RunningGraphEmulator, appName: string): Promise<string> {
  const app = emu.apps.find((a) => a.name === appName);
  if (!app) throw new Error(`no app ${appName}`);
  const form = new URLSearchParams({
    client_id: app.clientId,
    client_secret: app.clientSecret,
    grant_type: 'client_credentials',
    scope: 'https://graph.microsoft.com/.default',
  });
  const r = await raw(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (r.status !== 200) throw new Error(`token for ${appName}: ${r.status} ${r.text}`);
  return r.body.access_token as string;
}

/** A Graph call: path relative to /v1.0. */
export function graph(
  emu: RunningGraphEmulator,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return raw(`${emu.url}/v1.0${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
