// The lab's emulator process: started detached, idempotent, its app credentials in mode-0600
// files that work against its token endpoint, the same credentials after a restart, and stopped
// by its pid. Uses its own lab folder and a free port, so it never touches the shared lab.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { request } from 'node:https';
import { ensureGraphEmulator, readEmulatorInfo, stopGraphEmulator } from '../../../src/lab/graph/emulator-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-emulator-lab-'));
after(async () => {
  await stopGraphEmulator(dir);
  rmSync(dir, { recursive: true, force: true });
});

function post(url: string, body: string, ca: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function tokenStatus(): Promise<number> {
  const info = readEmulatorInfo(dir);
  assert.ok(info);
  const app = info.apps.find((a) => a.name === 'reclaim');
  assert.ok(app);
  const secret = readFileSync(app.secretFile, 'utf8').trim();
  const form = new URLSearchParams({
    client_id: app.clientId,
    client_secret: secret,
    grant_type: 'client_credentials',
    scope: 'https://graph.microsoft.com/.default',
  });
  return (
    await post(`${info.url}/${info.tenantId}/oauth2/v2.0/token`, form.toString(), readFileSync(info.caFile, 'utf8'))
  ).status;
}

describe('graph emulator: lab process', () => {
  it('starts detached, writes emulator.json and 0600 credential files, and is idempotent', async () => {
    const first = await ensureGraphEmulator(dir, { preferredPort: 0 });
    assert.match(first.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const again = await ensureGraphEmulator(dir, { preferredPort: 0 });
    assert.equal(again.pid, first.pid);
    const info = readEmulatorInfo(dir);
    assert.ok(info);
    for (const app of info.apps) {
      assert.equal(statSync(app.secretFile).mode & 0o777, 0o600);
      assert.equal(statSync(app.certificateFile).mode & 0o777, 0o600);
    }
    assert.equal(statSync(join(dir, 'graph', 'emulator.json')).mode & 0o777, 0o600);
    assert.equal(await tokenStatus(), 200);
  });

  it('stops by pid, and a restart keeps the same app credentials', async () => {
    const secretBefore = readFileSync(readEmulatorInfo(dir)?.apps[0]?.secretFile ?? '', 'utf8');
    const stopped = await stopGraphEmulator(dir);
    assert.equal(stopped.wasRunning, true);
    assert.equal(readEmulatorInfo(dir), undefined);
    assert.equal((await stopGraphEmulator(dir)).wasRunning, false);
    await ensureGraphEmulator(dir, { preferredPort: 0 });
    assert.equal(readFileSync(readEmulatorInfo(dir)?.apps[0]?.secretFile ?? '', 'utf8'), secretBefore);
    assert.equal(await tokenStatus(), 200);
  });
});
