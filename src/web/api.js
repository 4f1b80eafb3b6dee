// The console's API client: endpoints found in /api/openapi.json by operationId, the CSRF token
// kept in memory only and sent on every mutation. An API error becomes an Error with its code.

let csrf = '';
const ops = {};

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export async function loadOperations() {
  const doc = await (await fetch('/api/openapi.json')).json();
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) ops[op.operationId] = { path, method };
}

export function setCsrf(token) {
  csrf = token;
}

export async function api(operationId, params = {}, body) {
  const op = ops[operationId];
  if (!op) throw new Error(`unknown operation ${operationId}`);
  let path = op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name]));
  if (params.query) {
    const query = Object.entries(params.query).filter(([, v]) => v !== undefined && v !== null && v !== '');
    if (query.length > 0) path += `?${new URLSearchParams(query)}`;
  }
  const get = op.method === 'get';
  const response = await fetch(path, {
    method: op.method.toUpperCase(),
    credentials: 'same-origin',
    headers: get ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrf },
    ...(get ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new ApiError(data.error?.code ?? `HTTP_${response.status}`, data.error?.message ?? response.statusText);
  return data;
}

/** "Not allowed: ..." and friends: what a person reads, with the code for support */
export function explain(error) {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return String(error?.message ?? error);
}
