import { expect, type Page } from '@playwright/test';

/**
 * What the app really stored, read straight from IndexedDB in the page (not through the app's own
 * code), so a test can check the outbox and drafts against what the screen says.
 * Only call this after the app has opened its database: opening a database that does not exist yet
 * would create an empty one under the app's name.
 */

/** The Dexie database name (src/app/db/db.ts). */
export const DB_NAME = 'schoolnabij';

export interface StoredMutation {
  id: string;
  entity: 'pupil' | 'signal' | 'contact' | 'consultation';
  recordId: string;
  kind: 'create' | 'update' | 'delete';
  changes: Record<string, unknown>;
  seq: number;
}

export interface StoredDraft {
  key: string;
  values: Record<string, string>;
  savedAt: string;
}

export interface StoredRecord {
  id: string;
  schoolId: string;
  deleted: boolean;
  [field: string]: unknown;
}

export function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    ({ name, store }) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) {
            db.close();
            resolve([]);
            return;
          }
          const req = db.transaction(store, 'readonly').objectStore(store).getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            db.close();
            resolve(req.result as T[]);
          };
        };
      }),
    { name: DB_NAME, store },
  );
}

/** The outbox in push order. */
export async function outbox(page: Page): Promise<StoredMutation[]> {
  const rows = await readStore<StoredMutation>(page, 'outbox');
  return rows.sort((a, b) => a.seq - b.seq);
}

export async function drafts(page: Page): Promise<StoredDraft[]> {
  return readStore<StoredDraft>(page, 'drafts');
}

/**
 * Wait until the form's draft holds `value` in `field`: the debounced save of everything typed so
 * far has happened. Returns that draft.
 */
export async function draftWith(page: Page, key: string, field: string, value: string): Promise<StoredDraft> {
  let found: StoredDraft | undefined;
  await expect
    .poll(
      async () => {
        found = (await drafts(page)).find((d) => d.key === key);
        return found?.values[field];
      },
      { message: `the draft ${key} keeps ${field}` },
    )
    .toBe(value);
  return found!;
}

export function records(page: Page, table: 'pupils' | 'signals' | 'contacts' | 'consultations'): Promise<StoredRecord[]> {
  return readStore<StoredRecord>(page, table);
}

/** What the status strip says for n waiting mutations (src/app/i18n/nl.ts waitingText). */
export function waitingText(n: number): string {
  if (n === 0) return 'Alle wijzigingen staan op dit toestel';
  return n === 1 ? '1 wijziging wacht op synchronisatie' : `${n} wijzigingen wachten op synchronisatie`;
}
