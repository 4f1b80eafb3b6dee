// `reclaim lab status`: is the DC running, where, how many users, how long readiness took.
import { existsSync, readFileSync } from 'node:fs';
import { labPaths, labSettings, ldapsUrl } from './lab-settings.ts';
import { withLabClient } from './lab-ldap-client.ts';
import { adminBind } from './lab-up.ts';
import { isProvisioned } from './provision-dc.ts';
import { runningPid } from './samba-process.ts';

export interface LabStatus {
  labDir: string;
  provisioned: boolean;
  running: boolean;
  pid: number | null;
  url: string;
  users: number | null;
  probeMs: number | null; // this bind + count, now
  lastUp: { at: string; readyMs: number; totalMs: number } | null; // readiness of the last start
}

export async function labStatus(labDir: string): Promise<LabStatus> {
  const s = labSettings(labDir);
  const p = labPaths(s);
  const pid = runningPid(p) ?? null;
  let users: number | null = null;
  let probeMs: number | null = null;
  if (pid !== null) {
    const started = Date.now();
    try {
      users = await withLabClient(adminBind(s, p), async (client) => {
        const { searchEntries } = await client.search(s.baseDn, {
          scope: 'sub',
          filter: '(&(objectCategory=person)(objectClass=user))',
          attributes: ['1.1'],
          paged: { pageSize: 1000 },
        });
        return searchEntries.length;
      });
      probeMs = Date.now() - started;
    } catch {
      users = null;
    }
  }
  let lastUp: LabStatus['lastUp'] = null;
  if (existsSync(p.timingsFile)) {
    const t = JSON.parse(readFileSync(p.timingsFile, 'utf8')) as {
      at: string;
      timings: { readyMs: number; totalMs: number };
    };
    lastUp = { at: t.at, readyMs: t.timings.readyMs, totalMs: t.timings.totalMs };
  }
  return {
    labDir,
    provisioned: isProvisioned(p),
    running: pid !== null,
    pid,
    url: ldapsUrl(s),
    users,
    probeMs,
    lastUp,
  };
}
