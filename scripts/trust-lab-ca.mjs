// The lab CA must be trusted from process start (Node reads NODE_EXTRA_CA_CERTS only then). When
// the machine already sets NODE_EXTRA_CA_CERTS (a corporate bundle, say), we keep it and add the lab
// CA to a combined bundle instead of replacing or skipping it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function trustLabCa(env, root) {
  const labCa = join(env.RECLAIM_LAB_DIR ?? join(root, '.lab'), 'ca', 'ca.pem');
  if (!existsSync(labCa)) return;
  const current = env.NODE_EXTRA_CA_CERTS;
  if (!current || current === labCa) {
    env.NODE_EXTRA_CA_CERTS = labCa;
    return;
  }
  const bundle = join(env.RECLAIM_LAB_DIR ?? join(root, '.lab'), 'ca', 'trust-bundle.pem');
  const parts = [existsSync(current) ? readFileSync(current, 'utf8') : '', readFileSync(labCa, 'utf8')];
  writeFileSync(bundle, parts.join('\n'));
  env.NODE_EXTRA_CA_CERTS = bundle;
}
