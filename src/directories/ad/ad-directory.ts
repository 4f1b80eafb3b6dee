// The Active Directory adapter of the Directory port: discovery over paged LDAP search, one
// operation per action, every failure translated to a catalog code at this boundary.
import type { Client } from 'ldapts';
import type { ActionKind, ActionSpec, Applied, CredentialState } from '../../core/action.ts';
import type { Identity, IdentityRef } from '../../core/identity.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ApplyContext, Directory } from '../directory-port.ts';
import type { AdActionContext } from './ad-action-context.ts';
import { BatchedUacRead } from './batched-uac-read.ts';
import { discoverDomain, type AdDomain } from './discover-domain.ts';
import { discoverUsers, krbtgtOutsideBaseDns } from './discover-users.ts';
import { type LdapConnectionPool, isConnectionFailure } from './ldap-connection-pool.ts';
import { linkPasswordPolicy, unlinkPasswordPolicy } from './link-password-policy.ts';
import { openLdapClient } from './open-ldap-client.ts';
import { readCredentialState } from './read-credential-state.ts';
import { requireChange, restorePasswordNeverExpires } from './require-change.ts';
import { resetKrbtgt, resetPassword } from './reset-password.ts';
import { rollSmartcardHash } from './roll-smartcard-hash.ts';
import { setEnabled } from './set-enabled.ts';
import { translateLdapError } from './translate-ldap-error.ts';

export interface AdDirectoryOptions {
  id: string;
  pool: LdapConnectionPool;
  baseDns: readonly string[];
  pageSize: number;
  privilegedGroups: readonly string[];
  now?: () => Date;
}

const handlers: Partial<Record<ActionKind, (ctx: AdActionContext) => Promise<Applied>>> = {
  requireChange,
  restorePasswordNeverExpires,
  resetPassword,
  disable: (ctx) => setEnabled(ctx, false),
  enable: (ctx) => setEnabled(ctx, true),
  rollSmartcardHash,
  resetKrbtgt,
  linkPasswordPolicy,
  unlinkPasswordPolicy,
};

/** writes that make the DC derive password keys (CPU-bound): spread over the pool's connections */
const spreadKinds = new Set<ActionKind>(['resetPassword', 'resetKrbtgt', 'rollSmartcardHash']);

export class AdDirectory implements Directory {
  readonly kind = 'ad' as const;
  readonly supports: readonly ActionKind[] = Object.keys(handlers) as ActionKind[];
  readonly id: string;
  readonly #options: AdDirectoryOptions;
  readonly #now: () => Date;
  readonly #uacRead: BatchedUacRead;

  constructor(options: AdDirectoryOptions) {
    this.id = options.id;
    this.#options = options;
    this.#uacRead = new BatchedUacRead(options.baseDns);
    this.#now = options.now ?? (() => new Date());
  }

  /** The users under the base DNs, page by page, then the krbtgt accounts the base DNs leave out. */
  async *discover(options?: { pageSize?: number }): AsyncIterable<Identity[]> {
    const lease = await this.#options.pool.acquire();
    let broken = false;
    try {
      const domain = await discoverDomain(lease.client, this.id, this.#options.privilegedGroups);
      yield* discoverUsers(lease.client, {
        directory: this.id,
        baseDns: this.#options.baseDns,
        pageSize: options?.pageSize ?? this.#options.pageSize,
        index: domain.index,
      });
      const krbtgt = krbtgtOutsideBaseDns(domain.krbtgtAccounts, this.#options.baseDns);
      if (krbtgt.length > 0) yield krbtgt;
    } catch (error) {
      broken = isConnectionFailure(error);
      throw translateLdapError(error, 'read', `discovery of ${this.#options.baseDns.join('; ')}`);
    } finally {
      lease.release(broken);
    }
  }

  /** Password policy, PSOs, krbtgt accounts and privileged groups of the domain. */
  async discoverDomain(): Promise<AdDomain> {
    return this.#read('the domain', async (client) => {
      const { index: _index, ...domain } = await discoverDomain(client, this.id, this.#options.privilegedGroups);
      return domain;
    });
  }

  async apply(action: ActionSpec, context: ApplyContext = {}): Promise<Applied> {
    const handler = handlers[action.kind];
    if (!handler) throw new ReclaimError('NOT_SUPPORTED', `Active Directory has no action "${action.kind}"`);
    const ref = action.identity;
    const target = `${ref.name} (${ref.dn ?? ref.key})`;
    try {
      return await this.#options.pool.use(
        async (client, url, leaseWritten) => {
          this.#options.pool.assertWritable(url);
          // counted in only once it holds a connection: a batch never waits for a write that waits for the pool
          const uacCheck = action.kind === 'requireChange' ? this.#uacRead.begin() : undefined;
          const written = () => {
            leaseWritten();
            context.onWritten?.();
          };
          try {
            return await handler({
              client,
              url,
              ref,
              params: action.params ?? {},
              apply: context,
              now: this.#now,
              written,
              ...(uacCheck ? { uacCheck } : {}),
            });
          } finally {
            uacCheck?.done();
          }
        },
        spreadKinds.has(action.kind) ? 'spread' : 'shared',
      );
    } catch (error) {
      throw translateLdapError(error, 'write', `${action.kind} on ${target}`);
    }
  }

  async readCredentialState(ref: IdentityRef): Promise<CredentialState> {
    return this.#read(`${ref.name} (${ref.key})`, (client, url) => readCredentialState(client, ref, url));
  }

  /** The same read from every configured DC, for verification across replication. */
  async readCredentialStateEverywhere(ref: IdentityRef): Promise<CredentialState[]> {
    const pool = this.#options.pool;
    return Promise.all(
      pool.urls.map(async (url) => {
        const client = await openLdapClient({ ...pool.endpoint(url), readOnly: true });
        try {
          return await readCredentialState(client, ref, url);
        } catch (error) {
          throw translateLdapError(error, 'read', `${ref.name} on ${url}`);
        } finally {
          await client.unbind().catch(() => undefined);
        }
      }),
    );
  }

  async #read<T>(target: string, work: (client: Client, url: string) => Promise<T>): Promise<T> {
    try {
      return await this.#options.pool.use(work);
    } catch (error) {
      throw translateLdapError(error, 'read', target);
    }
  }

  async close(): Promise<void> {
    await this.#options.pool.close();
  }
}
