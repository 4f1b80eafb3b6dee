// The App every command and the console get: config, store, clock, operator, and the directories
// from a factory it is given. create-app.ts gives it both directory adapters; a CLI command that
// never reaches a directory (`pause`, `status`) gives none, so it never loads ldapts or the Graph
// client (the kill switch is only as fast as the CLI starts: bench/cli-start.ts).
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { loadConfig } from './config/load-config.ts';
import type { ReclaimConfig } from './config/config-schema.ts';
import { readPasswordKey } from './config/password-key.ts';
import { resolveSecret } from './config/secret-ref.ts';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import type { Secret } from '../core/secret.ts';
import type { Directory } from '../directories/directory-port.ts';
import { systemClock, type EngineClock } from '../engine/engine-clock.ts';
import { openStore, type Store } from '../store/open-store.ts';
import type { AuthenticatedOperator } from './operators/operator-identity.ts';

export interface App {
  readonly config: ReclaimConfig;
  readonly configFile: string;
  readonly configHash: string;
  readonly clock: EngineClock;
  /** a label for read-only commands: `--as NAME` or RECLAIM_OPERATOR; never proof of anyone */
  readonly operator: string;
  /** the operator account proven for this command or request (operators/prove-operator.ts); approving use cases require it */
  readonly actor: AuthenticatedOperator | undefined;
  readonly env: NodeJS.ProcessEnv;
  store(): Promise<Store>;
  /** the configured directories, created on first use (nothing connects until then) */
  directories(): Map<string, Directory>;
  passwordKey(): Secret;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  configFile: string;
  operator?: string | undefined;
  actor?: AuthenticatedOperator;
  env?: NodeJS.ProcessEnv;
  clock?: EngineClock;
  /** override the configured store (tests) */
  storeUrl?: string;
  /** a SQLite store must already exist (the CLI's commands other than triage, operator and serve) */
  storeMustExist?: boolean;
}

/** Makes the directories of a configuration (configured-directories.ts); nothing connects until used. */
export type DirectoryFactory = (config: ReclaimConfig, env: NodeJS.ProcessEnv) => Map<string, Directory>;

/**
 * An App whose directories come from `openDirectories`; without one, asking for the directories is
 * a bug of the command that did not load them.
 */
export function composeApp(options: CreateAppOptions, openDirectories: DirectoryFactory | undefined): App {
  const env = options.env ?? process.env;
  const config = loadConfig(options.configFile);
  const configHash = createHash('sha256').update(JSON.stringify(config)).digest('hex');
  let store: Promise<Store> | undefined;
  let directories: Map<string, Directory> | undefined;
  return {
    config,
    configFile: options.configFile,
    configHash,
    clock: options.clock ?? systemClock,
    operator: options.actor?.username ?? options.operator ?? env.RECLAIM_OPERATOR ?? env.USER ?? 'unknown-operator',
    actor: options.actor,
    env,
    store() {
      // The password belongs to the configured store; a test's storeUrl override carries none.
      store ??= (async () =>
        options.storeUrl !== undefined
          ? openStore(options.storeUrl)
          : openStore(storeUrlBesideConfig(config.store.url, options.configFile), {
              password: config.store.password ? resolveSecret(config.store.password, 'store.password', env) : undefined,
              ...(options.storeMustExist ? { mustExist: true } : {}),
              sqliteCacheMb: config.store.sqliteCacheMb,
            }))();
      return store;
    },
    directories() {
      if (!openDirectories)
        throw new ReclaimError('UNEXPECTED', 'this command was started without the directory adapters it now uses');
      directories ??= openDirectories(config, env);
      return directories;
    },
    passwordKey() {
      return readPasswordKey(config, env);
    },
    async close() {
      await Promise.all([...(directories?.values() ?? [])].map((d) => d.close().catch(() => undefined)));
      if (store) await (await store.catch(() => undefined))?.close();
    },
  };
}

/** The same App (same store, directories, clock), acting as a proven operator. */
export function withActor(app: App, actor: AuthenticatedOperator): App {
  return { ...app, operator: actor.username, actor };
}

/** A relative `sqlite:` path is relative to the config file, not to wherever the command runs. */
export function storeUrlBesideConfig(url: string, configFile: string): string {
  if (!url.startsWith('sqlite:') || url === 'sqlite::memory:') return url;
  const path = url.slice('sqlite:'.length);
  return path.startsWith('/') ? url : `sqlite:${resolve(dirname(resolve(configFile)), path)}`;
}
