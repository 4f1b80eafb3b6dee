// One request through the emulator, top-level or batch item alike: token, route, injected fault,
// throttling, handler, then the common headers (request-id, client-request-id, x-ms-resource-unit)
// and the request log.
import { randomUUID } from 'node:crypto';
import { isCaller, verifyAccessToken, type SigningKey } from './access-token.ts';
import type { EmulatorClock } from './emulator-clock.ts';
import type { EmulatorSettings } from './emulator-settings.ts';
import { faultResponse, type ActiveFault, type FaultTable } from './faults.ts';
import { completeErrorBody, graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import { INVALID_JSON, type Caller, type GraphRequest, type GraphResponse } from './graph-request.ts';
import type { RequestLog } from './request-log.ts';
import type { EmulatorHooks } from './route-context.ts';
import type { Router } from './router.ts';
import type { TenantState } from './tenant-state.ts';
import { resourceUnits, isWriteMethod } from './cost-model.ts';
import type { ThrottleGate } from './throttle-gate.ts';
import { settleOperations } from './reset-password-routes.ts';

export interface PipelineEnv {
  tenant: TenantState;
  settings: EmulatorSettings;
  clock: EmulatorClock;
  baseUrl: string;
  hooks: EmulatorHooks;
  key: SigningKey;
  router: Router;
  throttle: ThrottleGate;
  faults: FaultTable;
  log: RequestLog;
  batch?: (env: PipelineEnv, req: GraphRequest, caller: Caller) => Promise<GraphResponse>;
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function retryAfterValue(ms: number, fractional: boolean): string {
  const s = ms / 1000;
  return fractional ? s.toFixed(3) : String(Math.max(1, Math.ceil(s)));
}

function throttled(
  d: { retryAfterMs: number; sendRetryAfter: boolean; scope: string; information: string },
  fractional: boolean,
): GraphResponse {
  const headers: Record<string, string> = {
    'x-ms-throttle-scope': d.scope,
    'x-ms-throttle-information': d.information,
  };
  if (d.sendRetryAfter) headers['Retry-After'] = retryAfterValue(d.retryAfterMs, fractional);
  const r = graphError(429, 'TooManyRequests', graphMessages.throttled, headers);
  (r.body as { error: Record<string, unknown> }).error.innerError = {
    code: '429',
    message: graphMessages.throttledInner,
    status: '429',
  };
  return r;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function handleGraphRequest(
  env: PipelineEnv,
  req: GraphRequest,
  batchCaller?: Caller,
  batchItemId?: string,
): Promise<GraphResponse> {
  if (!req.inBatch) settleOperations(env.tenant, env.clock.now(), env.settings.resetPasswordStepMs);
  const requestId = randomUUID();
  const clientRequestId = req.headers['client-request-id'] ?? randomUUID();
  let caller: Caller | undefined = batchCaller;
  let response: GraphResponse;
  let ru: number | undefined;
  let faultId: string | undefined;
  let wasThrottled = false;
  // An injected fault's part before the request runs: latency, then a dropped connection or a
  // forced status (undefined: go on, and an afterApply status replaces the answer).
  const faultBefore = async (fault: ActiveFault): Promise<GraphResponse | undefined> => {
    faultId = fault.id;
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.reset) return { status: 0, headers: {}, resetConnection: true };
    if (fault.status !== undefined && !fault.afterApply) return faultResponse(fault);
    return undefined;
  };
  const run = async (): Promise<GraphResponse> => {
    if (!caller) {
      const verified = verifyAccessToken(
        req.headers.authorization,
        env.key,
        env.tenant.tenantId,
        Date.now(),
        env.tenant.apps,
      );
      if (!isCaller(verified)) return verified;
      caller = verified;
    }
    if (req.body === INVALID_JSON) return graphError(400, 'BadRequest', graphMessages.malformedJson);
    if (!req.inBatch && req.path.toLowerCase() === '/$batch') {
      if (req.method !== 'POST') return graphError(405, 'Request_BadRequest', graphMessages.methodNotAllowed);
      if (!env.batch) return graphError(400, 'BadRequest', graphMessages.segmentNotFound('$batch'));
      const envelope = env.faults.take(req.method, '/$batch', 'envelope');
      const before = envelope ? await faultBefore(envelope) : undefined;
      if (before) return before;
      const answered = await env.batch(env, req, caller);
      return envelope?.afterApply && envelope.status !== undefined ? faultResponse(envelope) : answered;
    }
    const match = env.router.match(req.method, req.path);
    if (match.kind === 'notFound') return graphError(400, 'BadRequest', graphMessages.segmentNotFound(match.segment));
    if (match.kind === 'methodNotAllowed') return graphError(405, 'Request_BadRequest', graphMessages.methodNotAllowed);
    const fault = env.faults.take(req.method, req.path, req.inBatch);
    const before = fault ? await faultBefore(fault) : undefined;
    if (before) return before;
    const cost = resourceUnits(match.route.baseCost, req.query);
    const selectText = `${req.query.get('$select') ?? ''} ${req.query.get('$filter') ?? ''}`;
    const decision = env.throttle.charge({
      appId: caller.appId,
      kind: match.route.bucket,
      ru: cost,
      write: isWriteMethod(req.method),
      signInActivity: /signInActivity/i.test(selectText),
      lowPriority: (req.headers['x-ms-throttle-priority'] ?? '').toLowerCase() === 'low',
    });
    if (!decision.admitted) {
      wasThrottled = true;
      return throttled(decision, env.settings.fractionalRetryAfter);
    }
    ru = decision.ru;
    let result = match.route.handler({
      req,
      caller,
      params: match.params,
      tenant: env.tenant,
      settings: env.settings,
      clock: env.clock,
      baseUrl: env.baseUrl,
      hooks: env.hooks,
    });
    if (decision.limitPercentage !== undefined)
      result.headers['x-ms-throttle-limit-percentage'] = decision.limitPercentage.toFixed(2);
    // "Applied but answered 5xx": the handler ran (the write happened), the client sees an error.
    if (fault?.afterApply && fault.status !== undefined) result = faultResponse(fault);
    return result;
  };
  try {
    response = await run();
  } catch (error) {
    response = graphError(
      500,
      'generalException',
      `Emulator error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.resetConnection) {
    completeErrorBody(response, requestId, clientRequestId, env.clock.now());
    response.headers['request-id'] = requestId;
    response.headers['client-request-id'] = clientRequestId;
    if (ru !== undefined && response.status < 400) response.headers['x-ms-resource-unit'] = String(ru);
    if (response.body !== undefined && !response.headers['Content-Type']) response.headers['Content-Type'] = JSON_TYPE;
  }
  env.log.add({
    at: new Date(env.clock.now()).toISOString(),
    method: req.method,
    path: req.path,
    query: req.query.toString(),
    status: response.resetConnection ? 0 : response.status,
    appId: caller?.appId ?? null,
    inBatch: req.inBatch,
    batchItemId,
    requestId,
    clientRequestId,
    resourceUnits: ru,
    throttled: wasThrottled || undefined,
    faultId,
  });
  return response;
}
