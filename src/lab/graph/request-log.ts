// What the emulator saw, for assertions: method, path, query, status, caller, batch membership,
// faults and throttling. SAFETY: bodies and headers are never recorded (they carry passwords and
// tokens); the query string is kept because Reclaim never puts a secret there.
export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  appId: string | null;
  inBatch: boolean;
  batchItemId?: string;
  requestId: string;
  clientRequestId: string;
  resourceUnits?: number;
  throttled?: boolean;
  faultId?: string;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 20_000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.entries.push({ ...entry, seq: ++this.seq });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
