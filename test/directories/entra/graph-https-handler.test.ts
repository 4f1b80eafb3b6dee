// The Graph transport sends a read again when its connection is cut before any answer (the
// keep-alive race a long, paced discovery meets), and never a write: a cut-off write is the
// journal's to settle. A real HTTPS server on loopback cuts the connections it is told to.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Context } from '@microsoft/microsoft-graph-client';
import { createEntraHttpsAgent } from '../../../src/directories/entra/entra-https-agent.ts';
import { GraphHttpsHandler, transportErrorNames } from '../../../src/directories/entra/graph-https-handler.ts';
import { labDir } from '../../../src/lab/samba/lab-info.ts';
import { ensureLabCa, issueServerCert } from '../../../src/lab/tls/lab-ca.ts';

const ca = ensureLabCa(join(labDir(), 'ca'));
const cert = issueServerCert(ca, 'graph', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
const seen: string[] = [];
let cutsLeft = 0;
let server: Server;
let base: string;

before(async () => {
  server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      if (cutsLeft > 0) {
        cutsLeft--;
        req.socket.destroy(); // no answer: the client sees ECONNRESET (socket hang up)
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string, path: string): Promise<Context> {
  const handler = new GraphHttpsHandler(createEntraHttpsAgent({ caPem: ca.caPem }), 5_000);
  const context = {
    request: `${base}${path}`,
    options: { method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) },
  } as unknown as Context;
  return handler.execute(context).then(() => context);
}

test('a read whose connection is cut twice is sent a third time and answered', async () => {
  seen.length = 0;
  cutsLeft = 2;
  const context = await send('GET', '/v1.0/reports/authenticationMethods/userRegistrationDetails');
  assert.equal(context.response?.status, 200);
  assert.deepEqual(await context.response?.json(), { value: [] });
  assert.equal(seen.length, 3, 'the server saw the read three times');
});

test('a read cut more often than it is retried fails with the outcome unknown', async () => {
  seen.length = 0;
  cutsLeft = 3;
  await assert.rejects(send('GET', '/v1.0/auditLogs/signIns'), (error: Error) => {
    assert.equal(error.name, transportErrorNames.maybeSent);
    return true;
  });
  assert.equal(seen.length, 3);
});

test('a write whose connection is cut is not sent again', async () => {
  seen.length = 0;
  cutsLeft = 1;
  await assert.rejects(send('PATCH', '/v1.0/users/someone'), (error: Error) => {
    assert.equal(error.name, transportErrorNames.maybeSent);
    return true;
  });
  assert.deepEqual(seen, ['PATCH /v1.0/users/someone'], 'the server saw the write once');
  cutsLeft = 0;
});
