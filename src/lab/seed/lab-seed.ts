// `reclaim lab seed --users N --seed S`: builds the synthetic organisation in the lab domain.
// Same N/S on a domain that has it: a no-op. A snapshot for N/S: restored (~1 s). Otherwise a
// domain holding anything else in OU=Corp (another seed, a partial one) is reset first, then seeded
// and snapshotted.
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { Attribute, Change, type Client } from 'ldapts';
import { writeFileAtomic } from '../../app/write-file-atomic.ts';
import { labReset } from '../samba/lab-down.ts';
import { withLabClient } from '../samba/lab-ldap-client.ts';
import { labPaths, labSettings, type LabOverrides } from '../samba/lab-settings.ts';
import { adminBind, labUp, writeLabInfo } from '../samba/lab-up.ts';
import { startSamba, stopSamba } from '../samba/samba-process.ts';
import { sidToString } from '../samba/sid-string.ts';
import { waitReady } from '../samba/wait-ready.ts';
import { applyOrganisation, type ApplyTimings } from './apply-organisation.ts';
import { generateOrganisation, GENERATOR_VERSION } from './generate-organisation.ts';
import { organisationOperations } from './organisation-entries.ts';
import type { SeedManifest } from './seed-manifest.ts';
import { hasSnapshot, restoreSnapshot, snapshotName, takeSnapshot } from './seed-snapshot.ts';

export interface SeedOptions {
  users: number;
  seed: number;
  connections?: number;
}

export interface SeedResult {
  labDir: string;
  users: number;
  seed: number;
  action: 'unchanged' | 'restored' | 'seeded';
  resetFirst: boolean;
  manifestFile: string;
  apply: ApplyTimings | null;
  timings: { restoreMs: number; resetMs: number; snapshotMs: number; totalMs: number };
}

export function seedMarker(users: number, seed: number): string {
  return `reclaim-seed users=${users} seed=${seed} generator=${GENERATOR_VERSION}`;
}

async function readState(client: Client, corpDn: string): Promise<{ marker: string | null; corpHasChildren: boolean }> {
  const corp = await client.search(corpDn, { scope: 'base', attributes: ['description'] }).catch(() => null);
  const marker = corp ? String(corp.searchEntries[0]?.description ?? '') || null : null;
  const children = await client.search(corpDn, { scope: 'one', attributes: ['1.1'], sizeLimit: 1 }).catch(() => null);
  return { marker, corpHasChildren: (children?.searchEntries.length ?? 0) > 0 };
}

function manifestMatches(file: string, users: number, seed: number): boolean {
  if (!existsSync(file)) return false;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as SeedManifest;
    return m.users === users && m.seed === seed && m.generatorVersion === GENERATOR_VERSION;
  } catch {
    return false;
  }
}

/** Callers hold the lab lock. */
export async function labSeed(
  labDir: string,
  options: SeedOptions,
  overrides: LabOverrides,
  log: (line: string) => void,
): Promise<SeedResult> {
  const t0 = Date.now();
  const { users, seed } = options;
  const manifestPlan = generateOrganisation(users, seed); // validates N and S before touching anything
  await labUp(labDir, overrides, log);
  const s = labSettings(labDir, overrides);
  const p = labPaths(s);
  const bind = adminBind(s, p);
  const wanted = seedMarker(users, seed);
  const name = snapshotName(users, seed, GENERATOR_VERSION);
  const timings = { restoreMs: 0, resetMs: 0, snapshotMs: 0, totalMs: 0 };
  const result = (action: SeedResult['action'], resetFirst: boolean, apply: ApplyTimings | null): SeedResult => {
    writeLabInfo(s, p);
    timings.totalMs = Date.now() - t0;
    return { labDir, users, seed, action, resetFirst, manifestFile: p.manifestFile, apply, timings };
  };

  const state = await withLabClient(bind, (c) => readState(c, `OU=Corp,${s.baseDn}`));
  if (state.marker === wanted && manifestMatches(p.manifestFile, users, seed)) return result('unchanged', false, null);

  if (hasSnapshot(p, name)) {
    log(`restoring snapshot ${name}`);
    const started = Date.now();
    await stopSamba(p);
    restoreSnapshot(s, p, name);
    startSamba(p, p.krb5Conf);
    await waitReady(bind, 60_000, p.sambaLog);
    timings.restoreMs = Date.now() - started;
    log(`restored in ${(timings.restoreMs / 1000).toFixed(2)} s`);
    return result('restored', false, null);
  }

  // SAFETY (lab only): seeding over another seed or a half-finished one would mix two organisations;
  // the lab domain is disposable, so it is rebuilt instead.
  const resetFirst = state.marker !== null || state.corpHasChildren;
  if (resetFirst) {
    log(`the domain holds ${state.marker ?? 'objects in OU=Corp'}: resetting it first`);
    const started = Date.now();
    await labReset(labDir, overrides, log);
    timings.resetMs = Date.now() - started;
  }
  rmSync(p.manifestFile, { force: true });

  const seededAt = Date.now();
  const ops = organisationOperations(manifestPlan, seededAt);
  log(
    `creating ${users} accounts ` +
      `(${ops.accountWaves.flat().filter((e) => e.attributes.unicodePwd).length} with passwords) ` +
      `over ${options.connections ?? 1} connections`,
  );
  const apply = await applyOrganisation(bind, ops, options.connections ?? 1);
  const domainSid = await withLabClient(bind, async (c) => {
    const { searchEntries } = await c.search(s.baseDn, {
      scope: 'base',
      attributes: ['objectSid'],
      explicitBufferAttributes: ['objectSid'],
    });
    // The marker is written last: a seed that died half-way has none and is redone from scratch.
    await c.modify(`OU=Corp,${s.baseDn}`, [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'description', values: [wanted] }) }),
    ]);
    return sidToString(searchEntries[0]?.objectSid as Buffer);
  });
  const manifest: SeedManifest = { ...manifestPlan, seededAt: new Date(seededAt).toISOString(), domainSid };
  // SAFETY: the manifest holds the test passwords: mode 0600 from its first byte.
  writeFileAtomic(p.manifestFile, `${JSON.stringify(manifest, null, 1)}\n`, 0o600);
  chmodSync(p.manifestFile, 0o600);
  log(`created ${apply.accounts} accounts in ${(apply.accountsMs / 1000).toFixed(1)} s (${apply.accountsPerSecond}/s)`);

  const started = Date.now();
  await stopSamba(p);
  takeSnapshot(p, name);
  startSamba(p, p.krb5Conf);
  await waitReady(bind, 60_000, p.sambaLog);
  timings.snapshotMs = Date.now() - started;
  log(`snapshot ${name} taken in ${(timings.snapshotMs / 1000).toFixed(2)} s`);
  return result('seeded', resetFirst, apply);
}
