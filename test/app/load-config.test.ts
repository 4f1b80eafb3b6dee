import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConfigText } from '../../src/app/config/load-config.ts';
import { starterConfig } from '../../src/app/config/starter-config.ts';

describe('config validation', () => {
  it('accepts the starter config written by `reclaim init`', () => {
    const result = checkConfigText(starterConfig);
    assert.equal(result.ok, true);
  });

  it('reports five different mistakes at once, each with its path and line', () => {
    const text = [
      'campaign:',
      '  name: ""', // 2: empty name
      'store:',
      '  url: mysql://x', // 4: unsupported store
      'directories:',
      '  - id: corp',
      '    kind: ad',
      '    urls: [ldap://dc1:389]', // 8: plain ldap for writes
      '    baseDns: ["DC=x,DC=y"]',
      '    bindDn: admin',
      '    password: hunter2', // 11: inline secret
      'helpdesk:',
      '  agents: 3',
      '  colour: blue', // 14: unknown setting
    ].join('\n');
    const result = checkConfigText(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const byPath = new Map(result.problems.map((p) => [p.path, p]));
    assert.equal(result.problems.length, 5);
    assert.equal(byPath.get('campaign.name')?.line, 2);
    assert.equal(byPath.get('store.url')?.line, 4);
    assert.equal(byPath.get('directories.0.urls.0')?.line, 8);
    assert.match(byPath.get('directories.0.urls.0')?.message ?? '', /ldap:\/\/ is refused/);
    assert.equal(byPath.get('directories.0.password')?.line, 11);
    assert.equal(byPath.get('helpdesk.colour')?.line, 14);
  });

  it('reports a YAML syntax error with its line', () => {
    const result = checkConfigText('store:\n  url: [unclosed\n');
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.problems[0]?.line);
  });
});
