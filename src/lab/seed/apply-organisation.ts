// Writes the organisation into the DC over LDAPS, a few requests in flight per connection.
import { AlreadyExistsError, Attribute, Change, TypeOrValueExistsError, type Client } from 'ldapts';
import { openLabClient, type LabBind } from '../samba/lab-ldap-client.ts';
import type { AddEntry, OrganisationOperations } from './organisation-entries.ts';
import { seedProgress } from './seed-progress.ts';

// The DC serialises writes; a few requests in flight per connection hide the round trips without
// the extra connections' TLS and worker contention (samba-lab.md: 1 connection, 16 in flight, was fastest).
const IN_FLIGHT = 4;

export interface ApplyTimings {
  accounts: number;
  accountsMs: number;
  accountsPerSecond: number;
  accountsWithPassword: number;
  totalMs: number;
}

/** Lanes share the connections round-robin: several requests in flight per connection. */
async function addAll(
  clients: Client[],
  entries: AddEntry[],
  onDone: () => void,
  lanes = clients.length * IN_FLIGHT,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, (_, lane) => clients[lane % clients.length]!).map(async (client) => {
      while (next < entries.length) {
        const entry = entries[next++]!;
        try {
          await client.add(entry.dn, entry.attributes as Record<string, string | string[]>);
        } catch (error) {
          // Objects that exist already (the OUs `lab up` creates) are fine; anything else is not.
          if (!(error instanceof AlreadyExistsError)) {
            throw Object.assign(error as Error, { message: `adding ${entry.dn}: ${(error as Error).message}` });
          }
        }
        onDone();
      }
    }),
  );
}

export async function applyOrganisation(
  bind: LabBind,
  ops: OrganisationOperations,
  connections = 1,
  label = 'seed',
): Promise<ApplyTimings> {
  const started = Date.now();
  const clients = await Promise.all(Array.from({ length: connections }, () => openLabClient(bind, 120_000)));
  try {
    await addAll(clients.slice(0, 1), ops.ous, () => undefined, 1); // parents before children
    const accounts = ops.accountWaves.flat();
    const progress = seedProgress(`${label}: accounts`, accounts.length);
    const accountsStarted = Date.now();
    for (const wave of ops.accountWaves) await addAll(clients, wave, () => progress.tick());
    progress.stop();
    const accountsMs = Date.now() - accountsStarted;
    for (const wave of ops.groupWaves) await addAll(clients, wave, () => undefined);
    for (const add of ops.privilegedMemberAdds) {
      if (add.members.length === 0) continue;
      try {
        await clients[0]!.modify(add.dn, [
          new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: add.members }) }),
        ]);
      } catch (error) {
        if (!(error instanceof TypeOrValueExistsError)) throw error;
      }
    }
    await addAll(clients.slice(0, 1), [ops.pso], () => undefined, 1);
    return {
      accounts: accounts.length,
      accountsMs,
      accountsPerSecond: Math.round((accounts.length / Math.max(accountsMs, 1)) * 1000 * 10) / 10,
      accountsWithPassword: accounts.filter((e) => e.attributes.unicodePwd !== undefined).length,
      totalMs: Date.now() - started,
    };
  } finally {
    await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  }
}
