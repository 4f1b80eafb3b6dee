import assert from 'node:assert/strict';
import dns from 'node:dns';
import net from 'node:net';
import { describe, it } from 'node:test';

describe('loopback guard (preloaded by scripts/run-tests.mjs)', () => {
  it('refuses a connection outside 127.0.0.0/8', async () => {
    const error = await new Promise<Error>((resolve) => {
      const socket = net.connect({ host: '192.0.2.1', port: 9 });
      socket.on('error', resolve);
      socket.on('connect', () => resolve(new Error('connected')));
    });
    assert.match(error.message, /loopback guard/);
  });

  it('refuses a DNS lookup of a name other than localhost', async () => {
    await assert.rejects(dns.promises.lookup('example.com'), /loopback guard/);
  });

  it('lets a connection to 127.0.0.1 through', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve();
      });
      socket.on('error', reject);
    });
    server.close();
  });
});
