// The Microsoft Graph emulator: HTTPS on 127.0.0.1 with the lab CA, the login surface
// (token-endpoint.ts), the v1.0 surface (graph-pipeline.ts + graph-routes.ts) and the control
// surface under /_emulator (control-routes.ts). Start it in-process with startGraphEmulator.
import { generateKeyPairSync, createPrivateKey, createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SigningKey } from './access-token.ts';
import { appCredentials } from './app-credentials.ts';
import { handleBatch } from './batch-route.ts';
import { handleControl } from './control-routes.ts';
import { createEmulatorClock } from './emulator-clock.ts';
import { createControl, type GraphEmulatorControl } from './emulator-control.ts';
import { defaultSettings, mergeSettings, type EmulatorSettings } from './emulator-settings.ts';
import { FaultTable } from './faults.ts';
import { handleGraphRequest, type PipelineEnv } from './graph-pipeline.ts';
import { INVALID_JSON } from './graph-request.ts';
import { graphRoutes } from './graph-routes.ts';
import { syncFromLab } from './lab-sync.ts';
import { labWriteback, type Writeback } from './lab-writeback.ts';
import { RequestLog } from './request-log.ts';
import { settleOperations } from './reset-password-routes.ts';
import type { EmulatorHooks } from './route-context.ts';
import { LAB_TENANT_ID, labDomains, seedTenant, type SeedOptions } from './seed-tenant.ts';
import { TenantState } from './tenant-state.ts';
import { ThrottleGate } from './throttle-gate.ts';
import { handleLogin } from './token-endpoint.ts';
import { onPremisesSignIn } from './on-premises-sign-in.ts';

export type { EmulatorSettings } from './emulator-settings.ts';
export type { GraphEmulatorControl } from './emulator-control.ts';
export type { FaultRule } from './faults.ts';

export interface GraphEmulatorOptions {
  host?: string;
  port?: number;
  tls: { certPem: string; keyPem: string };
  /** 1 = real quota windows; 0.01 = windows 100x shorter with the same quota numbers */
  timeScale?: number;
  /** added to every Graph and login request */
  latencyMs?: number;
  settings?: Partial<EmulatorSettings>;
  /** the deterministic seed's size and extras */
  seed?: Omit<SeedOptions, 'credentialsDir'>;
  /** keep app credentials and the token-signing key here, so a restarted emulator hands out the same */
  credentialsDir?: string;
  hooks?: EmulatorHooks;
  /** password writeback of synced users (default: to the lab's AD through lab.json) */
  writeback?: Writeback;
}

export interface EmulatorApp {
  name: string;
  clientId: string;
  clientSecret: string;
  certificatePem: string;
  privateKeyPem: string;
  permissions: string[];
  /** directory role template ids of the app's service principal */
  directoryRoles: string[];
}

export interface RunningGraphEmulator {
  url: string;
  tenantId: string;
  apps: EmulatorApp[];
  control: GraphEmulatorControl;
  stop(): Promise<void>;
}

function signingKey(credentialsDir?: string): SigningKey {
  if (credentialsDir) {
    const kept = appCredentials('token-signing', credentialsDir);
    const privateKey = createPrivateKey(kept.privateKeyPem);
    return { kid: 'lab-signing-1', privateKey, publicKey: createPublicKey(privateKey) };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: `lab-${Date.now().toString(36)}`, privateKey, publicKey };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
    ...headers,
  });
  res.end(text);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startGraphEmulator(options: GraphEmulatorOptions): Promise<RunningGraphEmulator> {
  const clock = createEmulatorClock(options.timeScale ?? 1);
  let settings = mergeSettings(defaultSettings(), options.settings);
  const tenant = new TenantState(LAB_TENANT_ID, labDomains());
  const reseed = () => {
    settings = mergeSettings(defaultSettings(), options.settings);
    seedTenant(tenant, clock.now(), { ...options.seed, credentialsDir: options.credentialsDir });
  };
  reseed();
  const tenantSize = (): 'S' | 'M' | 'L' => {
    if (settings.tenantSize !== 'auto') return settings.tenantSize;
    const n = tenant.users.size;
    return n < 50 ? 'S' : n <= 500 ? 'M' : 'L';
  };
  const throttle = new ThrottleGate(
    tenant.tenantId,
    clock,
    tenantSize,
    () => settings.authMethodsBucket,
    () => settings.signInActivityCountsAsReport,
  );
  const faults = new FaultTable();
  const log = new RequestLog();
  const key = signingKey(options.credentialsDir);
  const env: PipelineEnv = {
    tenant,
    get settings() {
      return settings;
    },
    clock,
    baseUrl: '',
    hooks: options.hooks ?? {},
    key,
    router: graphRoutes(),
    throttle,
    faults,
    log,
    batch: handleBatch,
  };
  const control = createControl({
    tenant,
    clock,
    faults,
    log,
    throttle,
    reseed,
    settle: () => settleOperations(tenant, clock.now(), settings.resetPasswordStepMs),
    getSettings: () => settings,
    setSettings: (s) => {
      settings = s;
    },
    syncFromAd: (labInfo) =>
      syncFromLab(
        tenant,
        clock,
        labInfo,
        env.hooks,
        { forceChangeOnLogOn: settings.dirSync.userForcePasswordChangeOnLogonEnabled },
        settings.syncScope,
      ),
    writeback: options.writeback ?? labWriteback(),
  });

  const server: Server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, {}, { error: { code: 'generalException', message: String(error) } });
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const bodyText = await readBody(req);
    if (url.pathname.startsWith('/_emulator/')) {
      let body: unknown;
      try {
        body = bodyText ? JSON.parse(bodyText) : undefined;
      } catch {
        return send(res, 400, {}, { error: 'the control request body is not valid JSON' });
      }
      const r = await handleControl(method, url.pathname, body, control);
      return send(res, r.status, {}, r.body);
    }
    if (options.latencyMs) await sleep(options.latencyMs);
    if (url.pathname === '/v1.0' || url.pathname.startsWith('/v1.0/')) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
      let body: unknown;
      try {
        body = bodyText ? JSON.parse(bodyText) : undefined;
      } catch {
        body = INVALID_JSON;
      }
      const response = await handleGraphRequest(env, {
        method,
        path: url.pathname.slice(5) || '/',
        query: url.searchParams,
        headers,
        body,
        inBatch: false,
      });
      if (response.resetConnection) {
        req.socket.destroy();
        return;
      }
      return send(res, response.status, response.headers, response.body);
    }
    const login = await handleLogin(method, url.pathname, bodyText, {
      state: tenant,
      key,
      baseUrl: env.baseUrl,
      tokenLifetimeSeconds: settings.tokenLifetimeSeconds,
      nowMs: clock.now,
      onPremisesCheck: onPremisesSignIn(settings),
    });
    if (login) return send(res, login.status, {}, login.body);
    return send(res, 404, {}, { error: { code: 'NotFound', message: `No emulator endpoint at ${url.pathname}` } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `https://${options.host ?? '127.0.0.1'}:${address.port}`;
  env.baseUrl = url;
  return {
    url,
    tenantId: tenant.tenantId,
    apps: tenant.apps.map((a) => ({
      name: a.name,
      clientId: a.clientId,
      clientSecret: a.clientSecret,
      certificatePem: a.certificatePem,
      privateKeyPem: a.privateKeyPem,
      permissions: [...a.permissions],
      directoryRoles: [...a.directoryRoles],
    })),
    control,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
