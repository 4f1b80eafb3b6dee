// One keep-alive HTTPS agent per configured tenant, shared by the token client (@azure/identity)
// and the Graph client, so a configured `caFile` is trusted by both without NODE_EXTRA_CA_CERTS
// (which Node reads only at process start; graph.md C3).
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';

export interface EntraHttpsAgentOptions {
  /** PEM of an extra CA to trust, on top of Node's default roots (and NODE_EXTRA_CA_CERTS) */
  caPem?: string;
  /** sockets per host: bounds how many requests are in flight at once */
  maxSockets?: number;
}

export function createEntraHttpsAgent(options: EntraHttpsAgentOptions = {}): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    // An explicit `ca` replaces Node's roots, so the configured CA is added to them rather than
    // substituted: the same process can still reach the public Graph endpoints. It is built once
    // as a secure context: given as `ca`, the agent would fold ~140 roots into its pool key and
    // parse them again for every request.
    ...(options.caPem
      ? { secureContext: createSecureContext({ ca: [...rootCertificates, ...extraCaCerts(), options.caPem] }) }
      : {}),
  });
}

function extraCaCerts(): string[] {
  // Node adds NODE_EXTRA_CA_CERTS only for agents without an explicit `ca`; keep honouring it.
  const path = process.env.NODE_EXTRA_CA_CERTS;
  if (!path) return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return []; // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at start-up
  }
}
