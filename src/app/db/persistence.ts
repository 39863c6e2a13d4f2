export interface StorageState {
  /** null: the browser has no StorageManager (old Safari, insecure origin). */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

/**
 * Ask the browser not to evict our IndexedDB under storage pressure. Chromium grants it to
 * installed apps and engaged sites without a prompt; the answer is shown in Instellingen.
 */
export async function requestPersistence(): Promise<StorageState> {
  const sm = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!sm?.persist) return { persisted: null, usage: null, quota: null };
  const persisted = (await sm.persisted()) || (await sm.persist());
  const { usage = null, quota = null } = await sm.estimate();
  return { persisted, usage, quota };
}
