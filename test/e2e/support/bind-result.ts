// What the DC answers a simple bind with this password: 'ok', or the `data NNN` sub-code of error
// 49 (52e: wrong password; 773: right password, must change it at next logon).
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';

export async function bindResult(url: string, caFile: string, upn: string, password: string): Promise<string> {
  const client = new Client({
    url,
    tlsOptions: { ca: [readFileSync(caFile)] },
    timeout: 30_000,
    connectTimeout: 5_000,
  });
  try {
    await client.bind(upn, password);
    return 'ok';
  } catch (error) {
    return /data ([0-9a-f]{3})/i.exec(String((error as Error).message))?.[1] ?? String((error as Error).message);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
