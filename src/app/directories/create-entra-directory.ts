// Builds the Entra adapter from its `entra` config entry: secrets resolved from env:/file:, one
// credential and Graph client per app registration, one HTTPS agent trusting `caFile`.
import { readFileSync } from 'node:fs';
import type { EntraDirectoryConfig } from '../config/config-schema.ts';
import { resolveSecret } from '../config/secret-ref.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { Secret } from '../../core/secret.ts';
import type { AppLane } from '../../directories/entra/apply-many.ts';
import { createGraphClient } from '../../directories/entra/create-graph-client.ts';
import { createEntraCredential, type EntraAppCredentials } from '../../directories/entra/entra-credential.ts';
import { EntraDirectory } from '../../directories/entra/entra-directory.ts';
import { createEntraHttpsAgent } from '../../directories/entra/entra-https-agent.ts';
import { GraphApi } from '../../directories/entra/graph-api.ts';
import type { MethodsQuota } from '../../directories/entra/methods-pacer.ts';
import type { ReportsQuota } from '../../directories/entra/read-registrations.ts';
import { graphSignInActivityQuota, type SignInQuota } from '../../directories/entra/read-sign-in-activity.ts';
import { graphWriteQuotas, WritePacer, type PacerClock, type WriteQuota } from '../../directories/entra/write-pacer.ts';

export interface EntraTuning {
  /** write quotas to pace below; the documented ones unless a lab scales time */
  quotas?: { perApp: WriteQuota; tenant: WriteQuota };
  reportsQuota?: ReportsQuota;
  /** last sign-ins (Entra ID P1): true = at the documented 10 requests a minute; default: the
   *  config's signInActivity, on unless set false (a large tenant takes minutes: 5,000 users a minute) */
  signInActivity?: boolean | SignInQuota;
  /** authentication-method calls (method removal, TAP) per app registration; default 5 per 10 s */
  methodsQuota?: MethodsQuota;
  /** $batch envelopes in flight per app registration (default: the config's maxConcurrency) */
  batchesInFlight?: number;
  /** target share of the binding quota */
  targetFraction?: number;
  requestTimeoutMs?: number;
  clock?: PacerClock;
  env?: NodeJS.ProcessEnv;
}

export function createEntraDirectory(config: EntraDirectoryConfig, tuning: EntraTuning = {}): EntraDirectory {
  const where = `directories[${config.id}]`;
  const caPem = config.caFile ? readFile(config.caFile, `${where}.caFile`) : undefined;
  const lanesNeeded = 1 + config.extraApps.length;
  const batchesInFlight = tuning.batchesInFlight ?? config.maxConcurrency;
  const agent = createEntraHttpsAgent({ ...(caPem ? { caPem } : {}), maxSockets: lanesNeeded * batchesInFlight + 4 });
  const quotas = tuning.quotas ?? { perApp: graphWriteQuotas.perAppAndTenant, tenant: graphWriteQuotas.perTenant };
  const pacerOptions = {
    ...(tuning.clock ? { clock: tuning.clock } : {}),
    ...(tuning.targetFraction ? { targetFraction: tuning.targetFraction } : {}),
  };
  const apps = [
    {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      certificateFile: config.certificateFile,
      path: where,
    },
    ...config.extraApps.map((app, i) => ({ ...app, path: `${where}.extraApps[${i}]` })),
  ];
  const lanes: AppLane[] = apps.map((app) => {
    const credentials: EntraAppCredentials = { clientId: app.clientId };
    // A certificate is preferred over a secret when both are given (graph.md C2).
    if (app.certificateFile)
      credentials.certificatePem = new Secret(readFile(app.certificateFile, `${app.path}.certificateFile`));
    else if (app.clientSecret)
      credentials.clientSecret = resolveSecret(app.clientSecret, `${app.path}.clientSecret`, tuning.env);
    else throw new ReclaimError('CONFIG_INVALID', `${app.path}: give clientSecret (env:/file:) or certificateFile`);
    const pacer = new WritePacer(quotas.perApp, pacerOptions);
    const credential = createEntraCredential({
      tenantId: config.tenantId,
      app: credentials,
      ...(config.authorityHost ? { authorityHost: config.authorityHost } : {}),
      agent,
    });
    const client = createGraphClient({
      credential,
      baseUrl: config.graphBaseUrl,
      agent,
      onThrottleSignal: (signal) => pacer.feedback(signal),
      ...(tuning.requestTimeoutMs ? { timeoutMs: tuning.requestTimeoutMs } : {}),
    });
    return { appId: app.clientId, graph: new GraphApi(client, config.graphBaseUrl), pacer };
  });
  return new EntraDirectory({
    id: config.id,
    lanes,
    tenantPacer: new WritePacer(quotas.tenant, pacerOptions),
    readOnly: config.readOnly,
    batchesInFlight,
    ...(tuning.reportsQuota ? { reportsQuota: tuning.reportsQuota } : {}),
    ...signInActivityOption(tuning.signInActivity ?? config.signInActivity ?? true),
    ...(tuning.methodsQuota ? { methodsQuota: tuning.methodsQuota } : {}),
    agent,
  });
}

// SAFETY: without last sign-ins a cloud-only user's staleness is unknown (never inferred from its
// creation date), so they are read unless the operator turns them off.
function signInActivityOption(wanted: boolean | SignInQuota): { signInActivity?: SignInQuota } {
  if (wanted === false) return {};
  return { signInActivity: wanted === true ? graphSignInActivityQuota : wanted };
}

function readFile(path: string, where: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReclaimError(
      'CONFIG_INVALID',
      `${where}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: error },
    );
  }
}
