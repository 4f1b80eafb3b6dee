// One HTTPS request over a real socket, trusting only the given certificate: the status, the
// Set-Cookie lines as sent, the body, and the fingerprint of the certificate the server presented.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface HttpsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  setCookies: string[];
  body: string;
  peerFingerprint256: string;
}

export function httpsRequest(
  url: string,
  options: { ca: Buffer | string; method?: string; json?: unknown; headers?: Record<string, string> },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        const peerFingerprint256 = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        let body = '';
        res.on('data', (chunk) => (body += String(chunk)));
        res.on('end', () => {
          const cookies = res.headers['set-cookie'] ?? [];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookies: cookies, body, peerFingerprint256 });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** name=value of a Set-Cookie line */
export function cookieValue(setCookies: string[], name: string): string | undefined {
  const line = setCookies.find((c) => c.startsWith(`${name}=`));
  return line?.split(';')[0]?.slice(name.length + 1);
}
