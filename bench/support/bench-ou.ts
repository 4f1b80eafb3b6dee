// A benchmark's own OU of users, created fast (no passwords, disabled, 4 connections) and removed
// object by object afterwards (one tree delete of thousands of users would hold the DC's write
// lock for many seconds on a lab other people use).
import { randomUUID } from 'node:crypto';
import { Control, type Client } from 'ldapts';

export interface BenchUser {
  dn: string;
  sam: string;
}

async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function createBenchOu(
  clients: Client[],
  parentDn: string,
  prefix: string,
  count: number,
  onProgress?: (done: number) => void,
): Promise<{ ou: string; users: BenchUser[] }> {
  const tag = randomUUID().slice(0, 6);
  const ou = `OU=${prefix}-${tag},${parentDn}`;
  await clients[0]!.add(ou, { objectClass: ['top', 'organizationalUnit'] });
  const users = Array.from({ length: count }, (_, i) => ({
    dn: `CN=bench ${tag} ${i},${ou}`,
    sam: `b${tag}${i}`.slice(0, 20),
  }));
  let done = 0;
  let lane = 0;
  await inLanes(users, clients.length, async (u) => {
    const client = clients[lane++ % clients.length]!;
    await client.add(u.dn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: u.sam,
      userAccountControl: '514',
      department: `Dept ${done % 20}`,
      mail: `${u.sam}@lab.example`,
    });
    done += 1;
    if (onProgress && done % 1000 === 0) onProgress(done);
  });
  return { ou, users };
}

export async function removeBenchOu(clients: Client[], ou: string, users: readonly BenchUser[]): Promise<void> {
  let lane = 0;
  await inLanes(users, clients.length, async (u) => {
    await clients[lane++ % clients.length]!.del(u.dn).catch(() => undefined);
  });
  await clients[0]!.del(ou, new Control('1.2.840.113556.1.4.805', { critical: true })).catch(() => undefined);
}

export { inLanes };
