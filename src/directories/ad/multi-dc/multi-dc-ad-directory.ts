// Active Directory with several writable DCs: each identity is written on its own DC (DcRouter),
// the campaign spreads over all of them with one connection pool (and concurrency cap) per DC,
// a DC that refuses or hangs is marked down and its identities move, and verification reads the
// replication metadata from every DC.
import type { ActionKind, ActionSpec, Applied, CredentialState } from '../../../core/action.ts';
import type { Identity, IdentityRef } from '../../../core/identity.ts';
import { ReclaimError } from '../../../core/errors/reclaim-error.ts';
import type { ApplyContext, Directory } from '../../directory-port.ts';
import type { AdDirectory } from '../ad-directory.ts';
import type { LdapConnectionPool } from '../ldap-connection-pool.ts';
import { DcRouter, type DcHealth } from './dc-router.ts';
import { readDcStamps, type DcStamps } from './read-dc-stamps.ts';

export interface DcMember {
  url: string;
  directory: AdDirectory;
  pool: LdapConnectionPool;
}

/** A DC failure that says nothing about the action itself: the DC is unreachable or hung. */
function isDcFailure(error: unknown): error is ReclaimError {
  return error instanceof ReclaimError && (error.code === 'DIRECTORY_UNAVAILABLE' || error.code === 'OUTCOME_UNKNOWN');
}

export class MultiDcAdDirectory implements Directory {
  readonly kind = 'ad' as const;
  readonly id: string;
  readonly supports: readonly ActionKind[];
  readonly router: DcRouter;
  readonly #members: Map<string, DcMember>;
  readonly #probing = new Set<string>();
  /** applies per DC, for reporting the spread */
  readonly applied = new Map<string, number>();

  constructor(id: string, members: DcMember[], router: DcRouter = new DcRouter(members.map((m) => m.url))) {
    const first = members[0];
    if (!first)
      throw new ReclaimError('CONFIG_INVALID', `directories.${id}.urls: at least one domain controller is needed`);
    this.id = id;
    this.supports = first.directory.supports;
    this.router = router;
    this.#members = new Map(members.map((m) => [m.url, m]));
  }

  health(): DcHealth[] {
    return this.router.health();
  }

  discover(options?: { pageSize?: number }): AsyncIterable<Identity[]> {
    return this.#member(this.router.pick('discovery')).directory.discover(options);
  }

  /**
   * SAFETY: a retry on another DC reuses the same ApplyContext, so the same password: a write that
   * timed out on a hung DC may still be applied when it resumes, and then it sets what the retry
   * set (samba-multi-dc.md, "a timed-out write is not cancelled").
   */
  async apply(action: ActionSpec, context: ApplyContext = {}): Promise<Applied> {
    const tried = new Set<string>();
    let unknown: ReclaimError | undefined;
    let last: ReclaimError | undefined;
    this.#probeDue();
    for (;;) {
      const url = this.router.rank(action.identity.key, tried)[0];
      if (!url) break;
      tried.add(url);
      try {
        const applied = await this.#member(url).directory.apply(action, context);
        this.applied.set(url, (this.applied.get(url) ?? 0) + 1);
        return { ...applied, facts: { ...applied.facts, dc: url } };
      } catch (error) {
        if (!isDcFailure(error)) throw error;
        this.router.markDown(url, error.message);
        last = error;
        if (error.code === 'OUTCOME_UNKNOWN') unknown = error;
      }
    }
    // Every DC failed. If one of them may have applied it, say so: the engine retries with the same password.
    const reason = unknown ?? last;
    throw new ReclaimError(
      unknown ? 'OUTCOME_UNKNOWN' : 'DIRECTORY_UNAVAILABLE',
      `${action.kind} on ${action.identity.name}: no domain controller completed it (${[...tried].join(', ') || 'none available'})`,
      {
        ...(reason ? { cause: reason, details: [reason.message] } : {}),
      },
    );
  }

  /** Read from the identity's own DC, so a write just made there is seen without waiting for replication. */
  async readCredentialState(ref: IdentityRef): Promise<CredentialState> {
    const tried = new Set<string>();
    for (;;) {
      const url = this.router.pick(ref.key, tried);
      tried.add(url);
      try {
        return await this.#member(url).directory.readCredentialState(ref);
      } catch (error) {
        if (!isDcFailure(error)) throw error;
        this.router.markDown(url, error.message);
      }
    }
  }

  /** The replication stamps of `ref` on every DC (down DCs included: verification needs all of them). */
  async stampsEverywhere(ref: IdentityRef): Promise<DcStamps[]> {
    return Promise.all([...this.#members.values()].map((m) => readDcStamps(m.pool, m.url, ref)));
  }

  #member(url: string): DcMember {
    const m = this.#members.get(url);
    if (!m) throw new ReclaimError('UNEXPECTED', `unknown domain controller ${url}`);
    return m;
  }

  /** Probes DCs marked down a while ago in the background; a DC that answers rejoins the routing. */
  #probeDue(): void {
    for (const url of this.router.dueForProbe()) {
      if (this.#probing.has(url)) continue;
      this.#probing.add(url);
      void this.probe(url).finally(() => this.#probing.delete(url));
    }
  }

  /** One rootDSE read on a fresh connection (a hung DC hangs in the TLS handshake until connectTimeout). */
  async probe(url: string): Promise<boolean> {
    try {
      await this.#member(url).pool.use((client) => client.search('', { scope: 'base', attributes: ['dsServiceName'] }));
      this.router.markUp(url);
      return true;
    } catch (error) {
      this.router.markDown(url, error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#members.values()].map((m) => m.directory.close()));
  }
}
