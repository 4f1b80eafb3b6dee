// Run in a child process without NODE_EXTRA_CA_CERTS: reads one user's credential state through
// the connector built from PROBE_CONFIG (JSON of an `entra` config entry), prints the outcome as JSON.
import type { EntraDirectoryConfig } from '../../../../src/app/config/config-schema.ts';
import { createEntraDirectory } from '../../../../src/app/directories/create-entra-directory.ts';

const config = JSON.parse(process.env.PROBE_CONFIG ?? '{}') as EntraDirectoryConfig;
const directory = createEntraDirectory(config);
try {
  const state = await directory.readCredentialState({
    directory: config.id,
    key: process.env.PROBE_USER ?? '',
    name: 'probe',
  });
  console.log(JSON.stringify({ ok: true, exists: state.exists }));
} catch (error) {
  console.log(
    JSON.stringify({ ok: false, code: (error as { code?: string }).code, message: String((error as Error).message) }),
  );
} finally {
  await directory.close();
}
