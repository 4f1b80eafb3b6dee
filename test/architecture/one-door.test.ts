// One door to the directories: in production code (everything under src/ but the lab and the
// adapters themselves), only the engine's execute-action.ts calls a Directory's write methods, and
// nothing writes over a raw LDAP or Graph client or imports an adapter's write internals. The
// checker is proven able to fail on probes that try each way around the door.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSrcProgram, doorViolations, repoRoot } from './support/door-violations.ts';

describe('one door to the directories', () => {
  it('only src/engine/execute-action.ts calls Directory.apply / applyMany, and nothing writes around it', () => {
    assert.deepEqual(doorViolations(createSrcProgram()), []);
  });

  const probe = join(repoRoot, 'src/app/console/door-probe.ts');
  const probes: Array<[string, string, RegExp]> = [
    [
      'a renamed Directory variable',
      `import type { Directory } from '../../directories/directory-port.ts';
export async function sneak(d: Directory) {
  const x = d;
  await x.apply({ kind: 'enable', directory: 'a', identity: { directory: 'a', key: 'k', name: 'n' } });
}`,
      /calls Directory\.apply/,
    ],
    [
      'a raw ldapts client',
      `import { Client } from 'ldapts';
export async function sneak(c: Client) { await c.modify('CN=x', []); }`,
      /writes over LDAP directly/,
    ],
    [
      'an adapter internal',
      `import { resetPassword } from '../../directories/ad/reset-password.ts';
export const sneak = resetPassword;`,
      /an adapter's internals/,
    ],
  ];
  for (const [what, text, expected] of probes) {
    it(`detects ${what}`, () => {
      const found = doorViolations(createSrcProgram({ fileName: probe, text }), probe);
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0]!, expected);
    });
  }
});
