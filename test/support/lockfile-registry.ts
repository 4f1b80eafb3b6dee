// A package registry on loopback for `npm install` in tests: it serves exactly the production
// packages of package-lock.json (every version it locks, none of the dev ones), their tarballs read
// from the local npm cache that `npm ci` filled. A test can then install the packed tarball the way
// a user does (`npm install -g reclaim-x.tgz`, the dependencies resolved through a registry) with
// no network, and only with the dependency versions the repository was tested with.
//
// A native addon installed through prebuild-install (better-sqlite3) downloads a prebuilt binary
// from GitHub on a user's machine; here the binary comes from the repository's own node_modules,
// served on the same loopback server (the npm_config_<name>_binary_host variables of `env`), so
// the test does not spend minutes compiling SQLite.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface LockEntry {
  name?: string;
  version: string;
  integrity?: string;
  dev?: boolean;
  link?: boolean;
  inBundle?: boolean;
  [field: string]: unknown;
}

export interface LockfileRegistryOptions {
  lockFile: string;
  /** the npm cache folder (`npm config get cache`) */
  npmCacheDir: string;
  /** the packages whose prebuilt binary is served from this node_modules folder: name -> the addon's path in the package */
  prebuilt?: { nodeModules: string; addons: Record<string, string> };
}

export interface LockfileRegistry {
  url: string;
  /** the environment for npm: where prebuild-install fetches the prebuilt binaries */
  env: Record<string, string>;
  /** packument and tarball requests answered, in order ("name" or "name@version.tgz") */
  served: string[];
  close(): Promise<void>;
}

// The fields of a lockfile entry that npm reads from a registry's version document.
const manifestFields = [
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bin',
  'engines',
  'os',
  'cpu',
  'hasInstallScript',
  'license',
];

/** Where cacache keeps the content with this integrity (sha512-BASE64). */
function cachedContent(cacheDir: string, integrity: string): string {
  const [algorithm, digest] = integrity.split('-', 2) as [string, string];
  const hex = Buffer.from(digest, 'base64').toString('hex');
  return join(cacheDir, '_cacache', 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/** A tarball shaped like a prebuild-install release asset: the addon (build/Release/NAME.node) alone. */
function prebuiltTarball(packageDir: string, addon: string): Buffer {
  const tar = spawnSync('tar', ['-czf', '-', '-C', packageDir, addon], { maxBuffer: 1 << 28 });
  if (tar.status !== 0)
    throw new Error(`no prebuilt binary ${addon} to serve from ${packageDir}: ${tar.stderr.toString()}`);
  return tar.stdout;
}

export async function startLockfileRegistry(options: LockfileRegistryOptions): Promise<LockfileRegistry> {
  const { lockFile, npmCacheDir, prebuilt } = options;
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, LockEntry> };
  const versions = new Map<string, Map<string, LockEntry>>();
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.link || entry.inBundle || !entry.integrity) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!existsSync(cachedContent(npmCacheDir, entry.integrity))) missing.push(`${name}@${entry.version}`);
    if (!versions.has(name)) versions.set(name, new Map());
    versions.get(name)!.set(entry.version, entry);
  }
  if (missing.length > 0) {
    throw new Error(
      `the npm cache ${npmCacheDir} lacks ${missing.length} locked package(s) (${missing.slice(0, 5).join(', ')}...): run \`npm ci\` first`,
    );
  }

  const served: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!.slice(1));
    const binary = /^-\/prebuilt\/([^/]+)\/.+\.tar\.gz$/.exec(path);
    const addon = binary ? prebuilt?.addons[binary[1]!] : undefined;
    if (binary && prebuilt && addon) {
      served.push(path);
      res
        .writeHead(200, { 'content-type': 'application/gzip' })
        .end(prebuiltTarball(join(prebuilt.nodeModules, binary[1]!), addon));
      return;
    }
    const tarball = /^-\/tarball\/(.+)\/([^/]+)\.tgz$/.exec(path);
    const entry = tarball ? versions.get(tarball[1]!)?.get(tarball[2]!) : undefined;
    if (tarball && entry?.integrity) {
      served.push(`${tarball[1]}@${tarball[2]}.tgz`);
      res
        .writeHead(200, { 'content-type': 'application/octet-stream' })
        .end(readFileSync(cachedContent(npmCacheDir, entry.integrity)));
      return;
    }
    const known = versions.get(path);
    if (!known) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    served.push(path);
    const base = `http://${req.headers.host}`;
    const docs = Object.fromEntries(
      [...known].map(([version, e]) => [
        version,
        {
          name: path,
          version,
          ...Object.fromEntries(manifestFields.filter((f) => e[f] !== undefined).map((f) => [f, e[f]])),
          dist: { tarball: `${base}/-/tarball/${encodeURIComponent(path)}/${version}.tgz`, integrity: e.integrity },
        },
      ]),
    );
    const latest = [...known.keys()].at(-1)!;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ name: path, 'dist-tags': { latest }, versions: docs }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  // prebuild-install asks for <host>/v<version>/<name>-v<version>-node-v<abi>-<platform>-<arch>.tar.gz
  const env = Object.fromEntries(
    Object.keys(prebuilt?.addons ?? {}).map((name) => [
      `npm_config_${name.replace(/[^a-zA-Z0-9]/g, '_')}_binary_host`,
      `${url}-/prebuilt/${name}`,
    ]),
  );
  return {
    url,
    env,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
