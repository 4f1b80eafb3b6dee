// console.oidc in reclaim.yaml: absent by default; when given, every mistake is reported at once
// with its path and line (an inline secret, plain http off loopback, a wrong redirect path, no
// openid scope), and the defaults (enabled, preferred_username) are filled in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConfigText } from '../../src/app/config/load-config.ts';

const base = ['directories:', '  - { id: cloud, kind: entra, tenantId: t, clientId: c, clientSecret: "env:X" }'];

describe('console.oidc config', () => {
  it('is absent by default, and a valid section gets its defaults', () => {
    const none = checkConfigText(base.join('\n'));
    assert.equal(none.ok, true);
    if (none.ok) assert.equal(none.config.console.oidc, undefined);
    const given = checkConfigText(
      [
        ...base,
        'console:',
        '  oidc:',
        '    issuer: https://idp.corp.example',
        '    clientId: reclaim',
        '    clientSecret: env:OIDC_SECRET',
        '    redirectUrl: https://reclaim.corp.example/api/oidc/callback',
      ].join('\n'),
    );
    assert.equal(given.ok, true, JSON.stringify(given));
    if (given.ok) {
      assert.equal(given.config.console.oidc?.enabled, true);
      assert.equal(given.config.console.oidc?.usernameClaim, 'preferred_username');
      assert.deepEqual(given.config.console.oidc?.scopes, ['openid', 'profile']);
    }
  });

  it('reports an inline secret, plain http off loopback, a wrong redirect path and no openid scope at once', () => {
    const result = checkConfigText(
      [
        ...base,
        'console:',
        '  oidc:',
        '    issuer: http://idp.corp.example', // 5
        '    clientId: reclaim',
        '    clientSecret: s3cret-inline', // 7
        '    redirectUrl: https://reclaim.corp.example/callback', // 8
        '    scopes: [profile]', // 9
      ].join('\n'),
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    const byPath = new Map(result.problems.map((p) => [p.path, p]));
    assert.equal(byPath.get('console.oidc.clientSecret')?.line, 7);
    assert.match(byPath.get('console.oidc.issuer')?.message ?? '', /https/);
    assert.match(byPath.get('console.oidc.redirectUrl')?.message ?? '', /\/api\/oidc\/callback/);
    assert.match(byPath.get('console.oidc.scopes')?.message ?? '', /openid/);
  });

  it('accepts plain http on loopback (a local provider)', () => {
    const result = checkConfigText(
      [
        ...base,
        'console:',
        '  oidc: { issuer: "http://127.0.0.1:9000", clientId: r, clientSecret: "file:/x", ' +
          'redirectUrl: "http://127.0.0.1:8080/api/oidc/callback", enabled: false }',
      ].join('\n'),
    );
    assert.equal(result.ok, true, JSON.stringify(result));
  });
});
