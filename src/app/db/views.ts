// Offline reads: which pupil pages were opened on this device. Uploaded with the next sync
// (sync/views.ts) so the audit log also knows about reads that happened without a connection.
// An MDO preparation card opened or printed is such a read too (kind, with the agenda item).
import type { ViewKind } from '../../sync/protocol';
import type { SchoolnabijDB, ViewRow } from './db';

export async function recordView(
  db: SchoolnabijDB,
  pupilId: string,
  at = new Date(),
  what?: { kind: ViewKind; itemId: string },
): Promise<ViewRow> {
  const row: ViewRow = { id: crypto.randomUUID(), pupilId, at: at.toISOString(), ...what };
  await db.views.add(row);
  return row;
}

export function pendingViews(db: SchoolnabijDB, limit: number): Promise<ViewRow[]> {
  return db.views.orderBy('at').limit(limit).toArray();
}

export async function forgetViews(db: SchoolnabijDB, ids: readonly string[]): Promise<void> {
  await db.views.bulkDelete([...ids]);
}
