// The official Graph client (3.0.7) with our middleware chain (graph.md C2):
// AuthenticationHandler -> RetryHandler -> ThrottleTelemetry -> GraphHttpsHandler.
import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type FetchOptions,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { GraphHttpsHandler } from './graph-https-handler.ts';
import { ThrottleTelemetry, type ThrottleListener } from './throttle-telemetry.ts';

export interface GraphClientOptions {
  credential: TokenCredential;
  /** e.g. https://graph.microsoft.com, https://graph.microsoft.us, or the lab emulator */
  baseUrl: string;
  agent: Agent;
  onThrottleSignal: ThrottleListener;
  timeoutMs?: number;
  /** retries of throttled and unavailable answers inside the client library */
  maxRetries?: number;
}

export function createGraphClient(options: GraphClientOptions): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(options.credential, {
    scopes: ['https://graph.microsoft.com/.default'],
  });
  const auth = new AuthenticationHandler(authProvider);
  const retry = new RetryHandler(new RetryHandlerOptions(1, options.maxRetries ?? 3, shouldRetry));
  const telemetry = new ThrottleTelemetry(options.onThrottleSignal);
  const transport = new GraphHttpsHandler(options.agent, options.timeoutMs);
  auth.setNext(retry);
  retry.setNext(telemetry);
  telemetry.setNext(transport);
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    defaultVersion: 'v1.0',
    // A token is attached only to hosts in this set (compared without the port; graph.md B2).
    customHosts: new Set([new URL(options.baseUrl).hostname]),
  });
}

// SAFETY: the library retries 429, 503 and 504 for every method. A 503/504 on a write may come
// after the write was applied, so writes are retried only on 429 (which Graph sends before doing
// anything); a 5xx on a write surfaces as OUTCOME_UNKNOWN and the engine retries with the same value.
// $batch posts are never retried here: their items carry their own statuses.
function shouldRetry(
  _delay: number,
  _attempt: number,
  request: RequestInfo,
  options: FetchOptions | undefined,
  response: Response,
): boolean {
  const url = typeof request === 'string' ? request : request.url;
  if (/\/\$batch(\?|$)/.test(url)) return false;
  const method = (options?.method ?? (typeof request === 'string' ? 'GET' : request.method)).toUpperCase();
  if (method === 'GET') return true;
  return response.status === 429;
}
