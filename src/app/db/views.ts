// Offline reads: which pupil pages were opened on this device. Uploaded with the next sync
// (sync/views.ts) so the audit log also knows about reads that happened without a connection.
import type { SchoolnabijDB, ViewRow } from './db';

export async function recordView(db: SchoolnabijDB, pupilId: string, at = new Date()): Promise<ViewRow> {
  const row = { id: crypto.randomUUID(), pupilId, at: at.toISOString() };
  await db.views.add(row);
  return row;
}

export function pendingViews(db: SchoolnabijDB, limit: number): Promise<ViewRow[]> {
  return db.views.orderBy('at').limit(limit).toArray();
}

export async function forgetViews(db: SchoolnabijDB, ids: readonly string[]): Promise<void> {
  await db.views.bulkDelete([...ids]);
}
