// Claims due actions for one worker: planned actions whose time has come, retryable failures
// whose next attempt is due, and claimed actions whose lease expired (their worker died). Each
// claimed row gets a lease (owner + expiry), attempts+1 and a journal event, in one transaction.
// PostgreSQL: FOR UPDATE SKIP LOCKED, so any number of workers claim at once without overlap.
// SQLite: inside BEGIN IMMEDIATE, so claimers in several processes take turns.
import { sql } from 'kysely';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { applyActionCountChanges } from './action-counters.ts';
import { writeJournalEvents } from './journal-event.ts';
import { toStoredAction, type StoredAction } from './stored-action.ts';

export interface ClaimActionsInput {
  campaignId: string;
  owner: string;
  limit: number;
  leaseMs: number;
  now: Date;
  /** only this wave's actions */
  waveId?: number;
  /** only this directory's actions (rate limits are per directory) */
  directory?: string;
  /** only this action (a single write through the door: directory-door.ts) */
  actionId?: number;
}

/** Claimed actions come back in id order. */
export interface ClaimedAction extends StoredAction {
  /**
   * SAFETY: true when the previous worker's lease expired while it held the action: it may have
   * written to the directory already, so the engine must read the ground truth before any write.
   */
  recovered: boolean;
  /** the state the action was claimed from */
  claimedFrom: ActionState;
}

export async function claimActions(store: Store, input: ClaimActionsInput): Promise<ClaimedAction[]> {
  if (input.limit <= 0) return [];
  const now = input.now.toISOString();
  const leaseExpiresAt = new Date(input.now.getTime() + input.leaseMs).toISOString();
  return inWriteTransaction(store, `claiming actions for ${input.owner}`, async (trx) => {
    const campaign = await trx
      .selectFrom('campaigns')
      .select('killSwitch')
      .where('id', '=', input.campaignId)
      .executeTakeFirst();
    if (!campaign) throw new ReclaimError('NOT_FOUND', `No campaign ${input.campaignId}`);
    // SAFETY: nothing is handed out while the kill switch is engaged.
    if (Number(campaign.killSwitch) === 1)
      throw new ReclaimError('KILL_SWITCH_ENGAGED', `Campaign ${input.campaignId} is stopped by its kill switch`);

    // Three index range scans in priority order: expired leases first (in-doubt work is settled
    // before new work), then retries that are due, then planned actions in id order. A single
    // OR query would scan the campaign from its first action on every claim.
    const base = () =>
      trx
        .selectFrom('actions')
        .select(['id', 'state', 'leaseOwner', 'leaseExpiresAt', 'journalSeq', 'attempts'])
        .where('campaignId', '=', input.campaignId)
        .$if(input.waveId !== undefined, (q) => q.where('waveId', '=', input.waveId!))
        .$if(input.directory !== undefined, (q) => q.where('directory', '=', input.directory!))
        .$if(input.actionId !== undefined, (q) => q.where('id', '=', input.actionId!))
        .$if(store.dialect === 'postgres', (q) => q.forUpdate().skipLocked());
    const due = await base()
      .where('state', '=', sql.lit('claimed'))
      .where('leaseExpiresAt', '<=', now)
      .orderBy('leaseExpiresAt')
      .limit(input.limit)
      .execute();
    if (due.length < input.limit) {
      due.push(
        ...(await base()
          .where('state', '=', sql.lit('failed'))
          .where('failureRetryable', '=', 1)
          .where('nextAttemptAt', '<=', now)
          .orderBy('nextAttemptAt')
          .limit(input.limit - due.length)
          .execute()),
      );
    }
    if (due.length < input.limit) {
      due.push(
        ...(await base()
          .where('state', '=', sql.lit('planned'))
          .where((eb) => eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '<=', now)]))
          .orderBy('id')
          .limit(input.limit - due.length)
          .execute()),
      );
    }
    if (due.length === 0) return [];

    const rows = await trx
      .updateTable('actions')
      .set((eb) => ({
        state: 'claimed',
        leaseOwner: input.owner,
        leaseExpiresAt,
        attempts: eb('attempts', '+', 1),
        journalSeq: eb('journalSeq', '+', 1),
        updatedAt: now,
      }))
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returningAll()
      .execute();

    const before = new Map(due.map((d) => [Number(d.id), d]));
    const claimed = rows
      .map((row) => {
        const prior = before.get(Number(row.id))!;
        return { ...toStoredAction(row), recovered: prior.state === 'claimed', claimedFrom: prior.state, prior };
      })
      .sort((a, b) => a.id - b.id);
    await writeJournalEvents(
      trx,
      claimed.map((c) => ({
        actionId: c.id,
        campaignId: c.campaignId,
        seq: c.journalSeq,
        at: now,
        fromState: c.claimedFrom,
        toState: 'claimed' as const,
        event: c.recovered ? 'recovered' : 'claim',
        owner: input.owner,
        details: c.recovered
          ? {
              attempt: c.attempts,
              leaseExpiresAt,
              previousOwner: c.prior.leaseOwner,
              previousLeaseExpiredAt: c.prior.leaseExpiresAt,
              applyStartedAt: c.applyStartedAt,
            }
          : { attempt: c.attempts, leaseExpiresAt },
        directory: c.directory,
      })),
    );
    await applyActionCountChanges(
      trx,
      claimed.map((c) => ({ campaignId: c.campaignId, waveId: c.waveId, from: c.claimedFrom, to: 'claimed' })),
    );
    return claimed.map(({ prior: _prior, ...rest }) => rest);
  });
}
