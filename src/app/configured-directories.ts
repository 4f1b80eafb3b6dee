// The directory adapters of a configuration: Entra ID through Graph, Active Directory through
// LDAPS (several DCs: each identity routed to its own DC, per-DC pools and health, verify on every
// DC). Imported only by commands that reach a directory (compose-app.ts).
import type { ReclaimConfig } from './config/config-schema.ts';
import { createAdDirectory } from './directories/create-ad-directory.ts';
import { createMultiDcAdDirectory } from './directories/create-multi-dc-ad-directory.ts';
import type { Directory } from '../directories/directory-port.ts';
import { createEntraDirectory } from './directories/create-entra-directory.ts';

export function configuredDirectories(config: ReclaimConfig, env: NodeJS.ProcessEnv): Map<string, Directory> {
  return new Map(
    config.directories.map((d): [string, Directory] => [
      d.id,
      d.kind === 'entra'
        ? createEntraDirectory(d, { env })
        : d.urls.length > 1
          ? createMultiDcAdDirectory(d, { env })
          : createAdDirectory(d, { env }),
    ]),
  );
}
