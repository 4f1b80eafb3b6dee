// An LDAPS connection to a lab DC, verified against the lab CA (no hostname tricks: the DC's
// certificate carries IP subjectAltNames).
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';

export interface LabBind {
  url: string;
  caFile: string;
  bindName: string;
  password: string;
}

/** Binds and returns the client; on a failed bind the socket is closed (ldapts gotcha 8). */
export async function openLabClient(bind: LabBind, timeoutMs = 60_000): Promise<Client> {
  const client = new Client({
    url: bind.url,
    tlsOptions: { ca: [readFileSync(bind.caFile)], minVersion: 'TLSv1.2' },
    timeout: timeoutMs,
    connectTimeout: 5_000,
    strictDN: false,
  });
  try {
    await client.bind(bind.bindName, bind.password);
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Runs `work` on a bound client and always unbinds. */
export async function withLabClient<T>(bind: LabBind, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await openLabClient(bind);
  try {
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** ldapts returns one value as a scalar, several as an array, none as []: normalise. */
export function values(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}
