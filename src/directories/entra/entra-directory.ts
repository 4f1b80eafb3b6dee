// The Entra ID adapter of the Directory port, over Microsoft Graph through the official client
// libraries. One lane per app registration; writes paced below the per-app and tenant quotas.
import type { Agent } from 'node:https';
import type { ActionKind, ActionSpec, Applied, CredentialState } from '../../core/action.ts';
import { memoryDiscoveryScratch } from '../../core/discovery-scratch.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Identity, IdentityRef } from '../../core/identity.ts';
import { Secret } from '../../core/secret.ts';
import type { ApplyContext, BatchWriteOptions, Directory, DiscoverOptions } from '../directory-port.ts';
import { actionRequest, batchableKinds, entraActionKinds, serializeBody, userPath } from './action-request.ts';
import { applyMany, type AppLane, type ApplyOutcome } from './apply-many.ts';
import { confirmForceChange, refusedAsNotStuck, wantsConfirmation } from './confirm-force-change.ts';
import { deleteAuthMethods } from './delete-auth-methods.ts';
import { graphAuthMethodsQuota, MethodsPacer, type MethodsQuota } from './methods-pacer.ts';
import { mapEntraUser, userSelect, type GraphUser } from './map-entra-user.ts';
import { readEntraCredentialState } from './read-credential-state.ts';
import { EvenPacer } from './even-pacer.ts';
import { graphReportsQuota, readRegistrations, registrationsOf, type ReportsQuota } from './read-registrations.ts';
import { lastSignInsOf, readSignInActivity, type SignInQuota } from './read-sign-in-activity.ts';
import { readRoleHolders } from './read-role-holders.ts';
import { readTenantFacts, type TenantFacts } from './read-tenant-facts.ts';
import { graphFailureError, readGraphFailure, translateThrown } from './translate-graph-error.ts';
import type { WritePacer } from './write-pacer.ts';

export interface EntraDirectoryOptions {
  id: string;
  /** the first lane is the primary app registration; the others share the write load */
  lanes: AppLane[];
  tenantPacer: WritePacer;
  readOnly?: boolean;
  /** $batch envelopes in flight per app registration */
  batchesInFlight?: number;
  reportsQuota?: ReportsQuota;
  /** read last sign-ins in a separate pass paced at 10 requests a minute (5,000 users a minute) */
  signInActivity?: false | SignInQuota;
  /** authentication-method calls per app registration (default: 5 per 10 s) */
  methodsQuota?: MethodsQuota;
  agent: Agent;
  now?: () => Date;
}

export class EntraDirectory implements Directory {
  readonly id: string;
  readonly kind = 'entra' as const;
  readonly supports: readonly ActionKind[];
  readonly batchKinds: readonly ActionKind[];
  /** Graph sets lastPasswordChangeDateTime on every reset, must-change or not */
  readonly resetMovesPasswordDate = true;
  readonly #options: EntraDirectoryOptions;
  readonly #now: () => Date;
  #next = 0;
  #facts: TenantFacts | undefined;
  readonly #methodsPacers = new Map<string, MethodsPacer>();

  constructor(options: EntraDirectoryOptions) {
    if (options.lanes.length === 0)
      throw new ReclaimError('CONFIG_INVALID', `directory ${options.id}: no app registration`);
    this.id = options.id;
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.supports = options.readOnly ? [] : entraActionKinds;
    this.batchKinds = options.readOnly ? [] : batchableKinds;
  }

  /** Tenant-wide facts (sync features, Conditional Access coverage), read once and kept. */
  async tenantFacts(): Promise<TenantFacts> {
    this.#facts ??= await readTenantFacts(this.#primary().graph);
    return this.#facts;
  }

  async *discover(options: DiscoverOptions = {}): AsyncIterable<Identity[]> {
    const graph = this.#primary().graph;
    const pageSize = Math.min(999, Math.max(1, options.pageSize ?? 999));
    // Per-user reports wait in the scratch (the store's during `reclaim discover`) and each page
    // of users is joined to them by id: the process holds a page, not a map over every user.
    const scratch = options.scratch ?? memoryDiscoveryScratch();
    // The passes before the listing run at once, each at its own limit; the registration report
    // and the sign-in activity share the reports limit, so they share its pacer.
    const reports = new EvenPacer(this.#options.reportsQuota ?? graphReportsQuota);
    const signInQuota = this.#options.signInActivity;
    const signInPacer = signInQuota ? new EvenPacer(signInQuota) : undefined;
    const [roles, , facts] = await Promise.all([
      readRoleHolders(graph),
      readRegistrations(graph, scratch, () => reports.take()),
      this.tenantFacts(),
      signInPacer
        ? readSignInActivity(graph, scratch, async () => {
            await signInPacer.take();
            await reports.take();
          })
        : undefined,
    ]);
    const path = `/users?$select=${userSelect.join(',')}&$top=${pageSize}`;
    for await (const page of graph.pages<GraphUser>(path, 'listing users')) {
      const ids = page.map((user) => user.id);
      const registrations = await registrationsOf(scratch, ids);
      const signIns = signInPacer ? await lastSignInsOf(scratch, ids) : undefined;
      yield page.map((user) => {
        const identity = mapEntraUser(this.id, user, roles.byPrincipal.get(user.id), registrations.get(user.id));
        const lastSignIn = signIns?.get(user.id);
        if (lastSignIn !== undefined) identity.lastLogonAt = lastSignIn;
        if (identity.privileged.length > 0) {
          const covered = facts.phishingResistant.isCovered(user.id, roles.roleIds.get(user.id) ?? []);
          identity.attributes.caPhishingResistantMfa = covered ? 'enforced' : 'not-enforced';
        }
        return identity;
      });
    }
  }

  async apply(action: ActionSpec, context: ApplyContext = {}): Promise<Applied> {
    this.#checkWritable(action);
    const lane = this.#lane();
    const what = `${action.kind} of ${action.identity.name}`;
    const beforeWrite = () => this.#takeWrite(lane);
    const methodsCall = () => this.#methodsPacer(lane.appId).take();
    if (action.kind === 'deleteAuthMethods') {
      const result = await deleteAuthMethods(
        lane.graph,
        action.identity.key,
        action.identity.name,
        methodsCall,
        beforeWrite,
      );
      return {
        at: this.#now().toISOString(),
        facts: { methodsDeleted: result.deleted.length, deletedTypes: result.deleted.join(',') },
      };
    }
    if (action.kind === 'issueTap' && !context.onSecret) {
      // SAFETY: a new pass replaces the current one; issuing it with nobody to show it to would
      // only lock the user out of the pass they may already hold.
      throw new ReclaimError(
        'USAGE_INVALID',
        `${what}: no one to show the Temporary Access Pass to (onSecret missing)`,
      );
    }
    const request = actionRequest(action, context.password);
    if (action.kind === 'issueTap') await methodsCall();
    // No read before the write: a missing user is answered 404 (IDENTITY_NOT_FOUND), and what
    // recovery needs it reads itself, after an interruption.
    await beforeWrite();
    let response;
    try {
      const body = serializeBody(request.body);
      response = await lane.graph.call(request.method, request.url, body === undefined ? {} : { body });
    } catch (error) {
      throw translateThrown(error, what, true);
    }
    if (response.status >= 300) {
      const failure = readGraphFailure(response.status, response.body);
      throw refusedAsNotStuck(action, failure) ?? graphFailureError(failure, what, true);
    }
    if (wantsConfirmation(action)) await confirmForceChange(lane.graph, action);
    const applied: Applied = {
      at: this.#now().toISOString(),
      facts: { app: lane.appId, ...(wantsConfirmation(action) ? { forceChangeReadBack: true } : {}) },
    };
    if (action.kind === 'issueTap') {
      const tap = response.body as {
        id?: string;
        temporaryAccessPass?: string;
        lifetimeInMinutes?: number;
        isUsableOnce?: boolean;
      };
      if (typeof tap.temporaryAccessPass !== 'string')
        throw new ReclaimError('UNEXPECTED', `${what}: Graph returned no pass`);
      // SAFETY: the pass goes to the caller once, inside a Secret; only its id and terms are facts.
      context.onSecret?.(new Secret(tap.temporaryAccessPass));
      applied.facts = {
        ...applied.facts,
        tapId: tap.id ?? '',
        lifetimeMinutes: tap.lifetimeInMinutes ?? 0,
        isUsableOnce: tap.isUsableOnce ?? false,
      };
    }
    return applied;
  }

  /** The throughput path: $batch of 20 over every app registration, paced; outcomes as data. */
  applyMany(
    actions: Iterable<ActionSpec> | AsyncIterable<ActionSpec>,
    contextFor: (action: ActionSpec) => ApplyContext = () => ({}),
    options: BatchWriteOptions = {},
  ): AsyncGenerator<ApplyOutcome> {
    if (this.#options.readOnly)
      throw new ReclaimError('NOT_SUPPORTED', `directory ${this.id} is configured readOnly; writes refused`);
    return applyMany(actions, contextFor, {
      lanes: this.#options.lanes,
      tenantPacer: this.#options.tenantPacer,
      batchesInFlight: this.#options.batchesInFlight ?? 4,
      applyOne: (action, context) => this.apply(action, context),
      nowIso: () => this.#now().toISOString(),
      nowMs: () => performance.now(),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.mayWrite ? { mayWrite: options.mayWrite } : {}),
    });
  }

  readCredentialState(ref: IdentityRef): Promise<CredentialState> {
    return readEntraCredentialState(this.#lane().graph, ref);
  }

  async close(): Promise<void> {
    this.#options.agent.destroy();
  }

  /** the user's URL, for messages and dry-run */
  describeTarget(ref: IdentityRef): string {
    return `${this.#primary().graph.baseUrl}/v1.0${userPath(ref.key)}`;
  }

  #checkWritable(action: ActionSpec): void {
    if (this.#options.readOnly)
      throw new ReclaimError('NOT_SUPPORTED', `directory ${this.id} is configured readOnly; ${action.kind} refused`);
    if (!entraActionKinds.includes(action.kind))
      throw new ReclaimError('NOT_SUPPORTED', `${action.kind} is not an Entra ID action`);
  }

  async #takeWrite(lane: AppLane): Promise<void> {
    await lane.pacer.take(1);
    await this.#options.tenantPacer.take(1);
  }

  /** authentication-method calls: 5 per 10 s per app registration (methods-pacer.ts) */
  #methodsPacer(appId: string): MethodsPacer {
    let pacer = this.#methodsPacers.get(appId);
    if (!pacer)
      this.#methodsPacers.set(appId, (pacer = new MethodsPacer(this.#options.methodsQuota ?? graphAuthMethodsQuota)));
    return pacer;
  }

  #primary(): AppLane {
    return this.#options.lanes[0] as AppLane;
  }

  #lane(): AppLane {
    const lane = this.#options.lanes[this.#next % this.#options.lanes.length] as AppLane;
    this.#next += 1;
    return lane;
  }
}
