// The approvals of one plan version, oldest first (the author's own never counts: record-approval.ts).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface ApprovalRow {
  approver: string;
  approvedAt: string;
  role: string | null;
  comment: string | null;
}

export async function listApprovals(store: Store, planVersionId: string): Promise<ApprovalRow[]> {
  return storeCall('reading approvals', () =>
    store.db
      .selectFrom('approvals')
      .select(['approver', 'approvedAt', 'role', 'comment'])
      .where('planVersionId', '=', planVersionId)
      .orderBy('approvedAt')
      .execute(),
  );
}
