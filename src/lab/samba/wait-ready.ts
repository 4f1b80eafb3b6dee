// Readiness = an LDAPS bind plus a rootDSE read, verified against the lab CA (samba-lab.md §3;
// ldapwhoami is no probe: Samba has no WhoAmI operation).
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { withLabClient, type LabBind } from './lab-ldap-client.ts';

export async function probeDc(bind: LabBind): Promise<boolean> {
  try {
    return await withLabClient(bind, async (client) => {
      const { searchEntries } = await client.search('', { scope: 'base', attributes: ['defaultNamingContext'] });
      return searchEntries.length === 1;
    });
  } catch {
    return false;
  }
}

/** Polls every 100 ms; returns the milliseconds it waited. */
export async function waitReady(bind: LabBind, timeoutMs = 60_000, logFile?: string): Promise<number> {
  const started = Date.now();
  while (!(await probeDc(bind))) {
    if (Date.now() - started > timeoutMs) {
      throw new ReclaimError(
        'LAB_UNAVAILABLE',
        `The lab DC at ${bind.url} did not answer LDAPS within ${timeoutMs / 1000} s`,
        {
          details: logFile ? [`see ${logFile}`] : [],
        },
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}
