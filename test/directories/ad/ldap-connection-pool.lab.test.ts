// The LDAP pool against the lab DC: operations in flight share few connections (a DC writes one
// transaction at a time, and Samba's workers slow each other down), a broken connection is retired
// without failing the operations still running on it, and close() leaves nothing open.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { Secret } from '../../../src/core/secret.ts';
import { LdapConnectionPool } from '../../../src/directories/ad/ldap-connection-pool.ts';
import { lab } from './support/ad-test-lab.ts';

const info = lab();
const pools: LdapConnectionPool[] = [];
const poolOf = (maxConcurrency: number, connections: number) => {
  const pool = new LdapConnectionPool({
    urls: [info.dcs[0]!.url],
    startTls: false,
    readOnly: true,
    bindDn: info.operator.upn,
    password: new Secret(readFileSync(info.operator.passwordFile, 'utf8').trim()),
    ca: readFileSync(info.caFile),
    connectTimeoutMs: 5000,
    operationTimeoutMs: 30000,
    maxConcurrency,
    connections,
  });
  pools.push(pool);
  return pool;
};
const readRootDse = (
  pool: LdapConnectionPool,
  seen: Set<unknown>,
  peak: { connections: number; inFlight: number },
  mode: 'shared' | 'spread' = 'shared',
) =>
  pool.use(async (client) => {
    seen.add(client);
    peak.connections = Math.max(peak.connections, pool.stats.connections);
    peak.inFlight = Math.max(peak.inFlight, pool.stats.inFlight);
    const { searchEntries } = await client.search('', { scope: 'base', attributes: ['defaultNamingContext'] });
    return String(searchEntries[0]?.defaultNamingContext);
  }, mode);

describe('LDAP connection pool', () => {
  after(async () => {
    for (const pool of pools) await pool.close();
  });

  it('16 operations at once share one connection when connections is 1, and all answer', async () => {
    const pool = poolOf(16, 1);
    const seen = new Set<unknown>();
    const peak = { connections: 0, inFlight: 0 };
    const answers = await Promise.all(Array.from({ length: 64 }, () => readRootDse(pool, seen, peak)));
    assert.ok(
      answers.every((a) => a.toLowerCase() === info.baseDn.toLowerCase()),
      `every read answered: ${answers[0]}`,
    );
    assert.equal(seen.size, 1, 'one connection carried all 64 reads');
    assert.deepEqual(peak, { connections: 1, inFlight: 16 }, 'at most 16 in flight, on one connection');
  });

  it("'spread' operations use at most `connections` connections, the least busy first; 'shared' ones only the first", async () => {
    const pool = poolOf(12, 3);
    const seen = new Set<unknown>();
    const peak = { connections: 0, inFlight: 0 };
    await Promise.all(Array.from({ length: 48 }, () => readRootDse(pool, seen, peak, 'spread')));
    assert.equal(seen.size, 3, 'three connections used');
    assert.equal(peak.connections, 3, 'never more than three open');
    const shared = new Set<unknown>();
    await Promise.all(
      Array.from({ length: 48 }, () => readRootDse(pool, shared, { connections: 0, inFlight: 0 }, 'shared')),
    );
    assert.equal(shared.size, 1, 'shared operations all went on one connection');
  });

  it('a connection released as broken takes no new operation, the others on it still finish, and the next one opens anew', async () => {
    const pool = poolOf(4, 1);
    const first = await pool.acquire();
    const second = await pool.acquire();
    assert.equal(first.client, second.client, 'both leases share the connection');
    first.release(true);
    const { searchEntries } = await second.client.search('', { scope: 'base', attributes: ['defaultNamingContext'] });
    assert.equal(searchEntries.length, 1, 'the operation still running on the retired connection finished');
    const third = await pool.acquire();
    assert.notEqual(third.client, second.client, 'a retired connection takes no new operation');
    second.release();
    for (let i = 0; i < 100 && second.client.isBound; i++) await new Promise((resolve) => setTimeout(resolve, 20)); // the unbind is sent, then answered
    assert.equal(second.client.isBound, false, 'the retired connection closed when its last operation ended');
    third.release();
    await pool.close();
    assert.equal(third.client.isBound, false, 'close() unbinds the idle connection');
    await assert.rejects(pool.acquire(), /closed/);
  });

  it('written() hands the place to the next operation but keeps the connection, and release counts once', async () => {
    const pool = poolOf(1, 1);
    const first = await pool.acquire();
    const settled = (p: Promise<unknown>) =>
      Promise.race([p.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 200))]);
    const waiting = pool.acquire();
    assert.equal(await settled(waiting), false, 'maxConcurrency 1: the second waits');
    first.written();
    first.written(); // twice is once
    const second = await waiting;
    assert.equal(second.client, first.client, 'the same connection');
    const { searchEntries } = await first.client.search('', { scope: 'base', attributes: ['defaultNamingContext'] });
    assert.equal(searchEntries.length, 1, 'the first lease still reads on its connection');
    first.release();
    const third = pool.acquire();
    assert.equal(await settled(third), false, 'releasing after written() does not free a second place');
    second.release();
    (await third).release();
    assert.equal(pool.stats.inFlight, 0, 'nothing left counted');
  });
});
