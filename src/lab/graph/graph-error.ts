// The Graph error body (graph.md A10): {error:{code,message,innerError:{date,request-id,
// client-request-id}}}. innerError.date has no trailing Z and no fractional seconds.
import type { GraphResponse } from './graph-request.ts';

export function graphErrorDate(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 19);
}

export function graphError(
  status: number,
  code: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): GraphResponse {
  return { status, headers: extraHeaders, body: { error: { code, message } }, isError: true };
}

/** Fills innerError with the request ids and date once they are known (the pipeline's last step). */
export function completeErrorBody(
  response: GraphResponse,
  requestId: string,
  clientRequestId: string,
  nowMs: number,
): void {
  const body = response.body as { error?: { innerError?: Record<string, string> } } | undefined;
  if (!response.isError || !body?.error) return;
  body.error.innerError = {
    ...body.error.innerError,
    date: graphErrorDate(nowMs),
    'request-id': requestId,
    'client-request-id': clientRequestId,
  };
}
