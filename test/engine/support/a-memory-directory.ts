// A small in-memory Directory for engine unit tests: a builder, not a module mock. It keeps real
// state (enabled, must-change, password, key version) that tests read back, counts every write,
// tracks concurrency, and injects faults on demand.
import type { ActionKind, ActionSpec, Applied, CredentialState } from '../../../src/core/action.ts';
import { ReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import type { ErrorCode } from '../../../src/core/errors/error-catalog.ts';
import type { Identity, IdentityRef } from '../../../src/core/identity.ts';
import type { ApplyContext, Directory } from '../../../src/directories/directory-port.ts';

export interface MemoryUser {
  key: string;
  name: string;
  enabled: boolean;
  mustChange: boolean;
  passwordLastSetAt: string | null;
  password: string | null;
  keyVersionNumber: number;
  passwordNeverExpires?: boolean;
}

export interface WriteRecord {
  key: string;
  kind: ActionKind;
  at: number;
  password?: string;
}

type Fault = (spec: ActionSpec, attempt: number) => ErrorCode | 'apply-then-hang' | null;

export class MemoryDirectory implements Directory {
  readonly kind = 'ad' as const;
  readonly supports: readonly ActionKind[] = [
    'requireChange',
    'resetPassword',
    'disable',
    'enable',
    'resetKrbtgt',
    'revokeSessions',
    'issueTap',
  ];
  readonly users = new Map<string, MemoryUser>();
  readonly writes: WriteRecord[] = [];
  readonly attemptsByKey = new Map<string, number>();
  maxConcurrent = 0;
  #concurrent = 0;
  /** most actions at once between their start and their write's answer (onWritten) */
  maxWriting = 0;
  #writing = 0;
  latencyMs = 0;
  /** a check after the write (as AD's batched uac read): onWritten, then this long before the answer */
  checkMs = 0;
  fault: Fault = () => null;
  onWrite: (record: WriteRecord) => void | Promise<void> = () => undefined;
  now: () => Date = () => new Date();

  constructor(readonly id: string) {}

  withUsers(count: number, prefix = 'user'): this {
    for (let i = 0; i < count; i++) {
      const key = `${this.id}-key-${i}`;
      this.users.set(key, {
        key,
        name: `${prefix}${i}`,
        enabled: true,
        mustChange: false,
        passwordLastSetAt: '2025-01-01T00:00:00.000Z',
        password: null,
        keyVersionNumber: 1,
      });
    }
    return this;
  }

  writesTo(key: string, kind?: ActionKind): WriteRecord[] {
    return this.writes.filter((w) => w.key === key && (kind === undefined || w.kind === kind));
  }

  /** every user, in pages of `pageSize` (the Directory contract reads them back) */
  async *discover(options: { pageSize?: number } = {}): AsyncIterable<Identity[]> {
    const size = options.pageSize ?? 500;
    const all = [...this.users.values()].map((u) => this.#identity(u));
    for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
  }

  #identity(u: MemoryUser): Identity {
    return {
      directory: this.id,
      kind: this.kind,
      key: u.key,
      name: u.name,
      accountType: 'user',
      enabled: u.enabled,
      passwordNeverExpires: u.passwordNeverExpires === true,
      smartcardRequired: false,
      cannotChangePassword: false,
      passwordLastSetAt: u.passwordLastSetAt,
      mustChangePassword: u.mustChange,
      memberOf: [],
      servicePrincipalNames: [],
      privileged: [],
      attributes: {},
    };
  }

  /** What a client signing in would be told, in catalog terms (as AD: the password is checked first). */
  signIn(key: string, password: string): string {
    const user = this.users.get(key);
    if (!user || user.password === null || user.password !== password) return 'INVALID_CREDENTIALS';
    if (!user.enabled) return 'ACCOUNT_DISABLED';
    if (user.mustChange) return 'PASSWORD_MUST_CHANGE';
    return 'OK';
  }

  async apply(spec: ActionSpec, context: ApplyContext = {}): Promise<Applied> {
    const user = this.users.get(spec.identity.key);
    const attempt = (this.attemptsByKey.get(spec.identity.key) ?? 0) + 1;
    this.attemptsByKey.set(spec.identity.key, attempt);
    this.#concurrent += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.#concurrent);
    this.#writing += 1;
    this.maxWriting = Math.max(this.maxWriting, this.#writing);
    let writing = true;
    const written = () => {
      if (writing) this.#writing -= 1;
      writing = false;
    };
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      const fault = this.fault(spec, attempt);
      if (fault && fault !== 'apply-then-hang') throw new ReclaimError(fault, `injected ${fault}`);
      if (!this.supports.includes(spec.kind))
        throw new ReclaimError('NOT_SUPPORTED', `${spec.kind} is not supported by this directory`);
      if (!user) throw new ReclaimError('IDENTITY_NOT_FOUND', `${spec.identity.name} does not exist`);
      const at = this.now().toISOString();
      const record: WriteRecord = { key: user.key, kind: spec.kind, at: Date.now() };
      switch (spec.kind) {
        case 'requireChange':
          user.mustChange = true;
          user.passwordLastSetAt = null;
          user.passwordNeverExpires = false; // as AD: the flag would override must-change
          break;
        case 'resetPassword':
          if (!context.password) throw new ReclaimError('UNEXPECTED', 'no password given');
          user.password = context.password.reveal();
          record.password = user.password;
          user.mustChange = spec.params?.mustChange === true;
          user.passwordLastSetAt = user.mustChange ? null : at;
          break;
        case 'resetKrbtgt':
          if (!context.password) throw new ReclaimError('UNEXPECTED', 'no password given');
          record.password = context.password.reveal();
          user.keyVersionNumber += 1;
          break;
        case 'disable':
          user.enabled = false;
          break;
        case 'enable':
          user.enabled = true;
          break;
        default:
          break;
      }
      this.writes.push(record);
      await this.onWrite(record);
      // The write reached the directory, but the caller never hears back (a crash, a dropped connection).
      if (fault === 'apply-then-hang') throw new ReclaimError('OUTCOME_UNKNOWN', 'injected timeout after the write');
      if (this.checkMs > 0) {
        written();
        context.onWritten?.();
        await new Promise((r) => setTimeout(r, this.checkMs));
      }
      return { at };
    } finally {
      written();
      this.#concurrent -= 1;
    }
  }

  async readCredentialState(ref: IdentityRef): Promise<CredentialState> {
    const user = this.users.get(ref.key);
    if (!user) return { exists: false, enabled: false, mustChangePassword: false, passwordLastSetAt: null };
    return {
      exists: true,
      enabled: user.enabled,
      mustChangePassword: user.mustChange,
      passwordLastSetAt: user.passwordLastSetAt,
      passwordNeverExpires: user.passwordNeverExpires === true,
      keyVersionNumber: user.keyVersionNumber,
      readFrom: 'memory',
    };
  }

  async close(): Promise<void> {}
}
