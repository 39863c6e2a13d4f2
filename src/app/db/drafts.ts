import type { Draft, SchoolnabijDB } from './db';

export function saveDraft(db: SchoolnabijDB, key: string, values: Record<string, unknown>, now = new Date()) {
  return db.drafts.put({ key, values, savedAt: now.toISOString() });
}

export function loadDraft(db: SchoolnabijDB, key: string): Promise<Draft | undefined> {
  return db.drafts.get(key);
}

export function deleteDraft(db: SchoolnabijDB, key: string) {
  return db.drafts.delete(key);
}
