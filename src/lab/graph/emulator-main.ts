// The emulator as a long-running process for the lab (started detached by emulator-process.ts):
//   node --import tsx src/lab/graph/emulator-main.ts <labDir> [port]
// Serves on 127.0.0.1 with the lab CA's 'graph' certificate, keeps app credentials and the
// token-signing key in <labDir>/graph/credentials, and writes <labDir>/graph/emulator.json.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../app/write-file-atomic.ts';
import { readLabInfo } from '../samba/lab-info.ts';
import { ensureLabCa, issueServerCert } from '../tls/lab-ca.ts';
import { startGraphEmulator } from './graph-emulator.ts';

export interface EmulatorInfo {
  url: string;
  tenantId: string;
  pid: number;
  startedAt: string;
  caFile: string;
  apps: Array<{
    name: string;
    clientId: string;
    secretFile: string;
    certificateFile: string;
    permissions: string[];
    directoryRoles: string[];
  }>;
}

export function emulatorInfoFile(labDir: string): string {
  return join(labDir, 'graph', 'emulator.json');
}

function writePrivate(file: string, text: string): void {
  // SAFETY: secrets and private keys of the lab apps are readable by the lab owner only; whole
  // files only, so a reader of emulator.json never sees half of it.
  writeFileAtomic(file, text, 0o600);
  chmodSync(file, 0o600);
}

async function main(): Promise<void> {
  const labDir = process.argv[2];
  const port = Number(process.argv[3] ?? '8443');
  if (!labDir) throw new Error('usage: emulator-main.ts <labDir> [port]');
  // POST /_emulator/sync-from-ad reads this lab's lab.json (readLabInfo() follows RECLAIM_LAB_DIR).
  process.env.RECLAIM_LAB_DIR = labDir;
  const ca = ensureLabCa(join(labDir, 'ca'));
  const cert = issueServerCert(ca, 'graph', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  const graphDir = join(labDir, 'graph');
  const credentialsDir = join(graphDir, 'credentials');
  mkdirSync(credentialsDir, { recursive: true, mode: 0o700 });
  const emulator = await startGraphEmulator({
    port,
    tls: { certPem: cert.certPem, keyPem: cert.keyPem },
    credentialsDir,
  });
  const apps = emulator.apps.map((a) => {
    const secretFile = join(credentialsDir, `${a.name}.secret`);
    const certificateFile = join(credentialsDir, `${a.name}.pem`);
    writePrivate(secretFile, `${a.clientSecret}\n`);
    writePrivate(certificateFile, `${a.privateKeyPem.trim()}\n${a.certificatePem.trim()}\n`);
    return {
      name: a.name,
      clientId: a.clientId,
      secretFile,
      certificateFile,
      permissions: a.permissions,
      directoryRoles: a.directoryRoles,
    };
  });
  const info: EmulatorInfo = {
    url: emulator.url,
    tenantId: emulator.tenantId,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    caFile: ca.caFile,
    apps,
  };
  writePrivate(emulatorInfoFile(labDir), `${JSON.stringify(info, null, 2)}\n`);
  process.stdout.write(`graph emulator listening at ${emulator.url}\n`);
  // The lab tenant is the hybrid mirror of the lab's domain: sync once at start when the lab
  // exists (later runs through POST /_emulator/sync-from-ad). A lab without Samba still serves.
  if (existsSync(join(labDir, 'lab.json'))) {
    try {
      const report = await emulator.control.syncFromAd(readLabInfo(labDir));
      process.stdout.write(`synced ${report.users} users from the lab domain (${report.created} new)\n`);
    } catch (error) {
      process.stdout.write(`no sync from the lab domain: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`graph emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
