// A manual task as read back from the store (ids as JS numbers on both dialects).
import type { Selectable } from 'kysely';
import type { ManualTasksTable } from '../database.ts';

export type ManualTaskRow = Omit<Selectable<ManualTasksTable>, 'id' | 'waveId'> & { id: number; waveId: number | null };

export function manualTaskRow(row: Selectable<ManualTasksTable>): ManualTaskRow {
  return {
    ...row,
    id: Number(row.id),
    waveId: row.waveId === null ? null : Number(row.waveId),
    waveNumber: Number(row.waveNumber),
  };
}
