// The README's treatment table matches the code: one row per treatment of treatments.ts, and each
// row's operations column is exactly what operation-templates.ts plans for that treatment (with
// session revocation on, method removal off; hybrid rows for an AD person linked to its Entra user,
// cloudForceChange for a cloud-only user, the rest for an AD person without a cloud side).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { templateLookup, type OperationTemplate } from '../../src/core/planning/operation-templates.ts';
import { treatmentIds, treatmentInfo, type TreatmentId } from '../../src/core/segmentation/treatments.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function operationsText(treatment: TreatmentId): string {
  const kind = treatment === 'cloudForceChange' ? 'entra' : 'ad';
  const linked = treatment.startsWith('hybrid');
  const ops = templateLookup({ revokeSessions: true, removeAuthMethods: false, policyMaxAgeDays: 3 })(
    treatment,
    kind,
    linked,
    false,
  );
  const where = (o: OperationTemplate) => (o.side === 'linked' ? 'Entra' : kind === 'ad' ? 'AD' : 'Entra');
  const param = (o: OperationTemplate) => {
    const p = o.params as Record<string, unknown> | null;
    const marks = [p?.mustChange ? 'must change' : null, p?.confirmForceChange ? 'read back' : null].filter(Boolean);
    return marks.length > 0 ? ` (${marks.join(', ')})` : '';
  };
  if (ops.length === 0)
    return treatmentInfo[treatment].task
      ? 'a tracked task for a person, verified from the directory'
      : 'its own steps (krbtgt timeline), not per-identity actions';
  return ops
    .map((o) => `${o.phase === 'deadline' ? 'at the deadline ' : ''}${where(o)} ${o.kind}${param(o)}`)
    .join('; ');
}

function readmeRows(): Map<string, string> {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Treatments'),
    readme.indexOf('\n## ', readme.indexOf('## Treatments') + 1),
  );
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split(' | ').map((c) => c.replace(/^\| ?|\|$/g, '').trim());
    const id = /^`(\w+)`$/.exec(cells[0] ?? '')?.[1];
    if (id) rows.set(id, cells[2] ?? '');
  }
  return rows;
}

describe("README's treatment table", () => {
  it('has one row per treatment, and each row lists the operations the code plans', () => {
    const rows = readmeRows();
    assert.deepEqual([...rows.keys()].sort(), [...treatmentIds].sort());
    for (const t of treatmentIds) assert.equal(rows.get(t), operationsText(t), `README row ${t}`);
  });
});
