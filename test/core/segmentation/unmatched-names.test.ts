// Known-compromised names that match no identity are reported, not dropped (issue 15).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { segmentIdentities } from '../../../src/core/segmentation/segment-identities.ts';
import { compileSegmentRules } from '../../../src/core/segmentation/segment-rules.ts';
import { unmatchedNames } from '../../../src/core/segmentation/unmatched-names.ts';
import { groupKeyOf } from '../../../src/core/planning/group-key.ts';
import { anIdentity, now, settings } from '../support/an-identity.ts';

describe('unmatchedNames', () => {
  const people = [
    anIdentity({ name: 'alice', upn: 'alice@corp.example' }),
    anIdentity({ name: 'bob' }),
    anIdentity({ name: 'pc1$', accountType: 'computer' }),
  ];
  it('matches by name, UPN or directory:key in any case; keeps what matches nothing as given', () => {
    assert.deepEqual(unmatchedNames(people, ['ALICE@corp.example', 'corp:key-bob', 'pc1$', 'Ghost', ' alice ']), [
      'Ghost',
    ]);
    assert.deepEqual(unmatchedNames(people, []), []);
  });
  it('segmentation reports them, in a targeted reset as in a mass one', () => {
    const s = settings();
    for (const kind of ['accounts', 'all'] as const) {
      const r = segmentIdentities({
        identities: people,
        rules: compileSegmentRules(s.segments, s.protected),
        scope: { kind, accounts: ['alice', 'typo-bob'] },
        krbtgtDoubleReset: false,
        assurance: 'standard',
        now,
        groupOf: groupKeyOf('department'),
      });
      assert.deepEqual(r.unmatchedCompromised, ['typo-bob'], kind);
      assert.deepEqual(
        r.assignments.filter((a) => a.compromised).map((a) => a.name),
        ['alice'],
        kind,
      );
    }
  });
});
