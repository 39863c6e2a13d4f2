// Encrypt-ahead: WebCrypto is asynchronous, so inside a Dexie transaction every encryption keeps it
// open, one round trip each. A save or a pull page encrypts its rows here first; the write then finds
// the ciphertext of the same plaintext ready and stays synchronous. Rows that change between this
// call and the write are simply encrypted again there. A fresh IV per call, as always: an entry is
// used by one write only. Remove this module and every write encrypts inside its transaction.
import type Dexie from 'dexie';
import { encryptText, type Bytes } from '../db/crypto';
import { ENC, currentDataKey, isEncrypted, onDataKeyChange, setPresealed, splitSecret } from '../db/encryption';

/**
 * Ciphertexts made ahead of a write, by table and plaintext, each taken once by the write that
 * stores that plaintext. Cleared whenever the data key changes (lock, wipe, unlock).
 */
const ahead = new Map<string, { key: CryptoKey; blob: Bytes }>();
/**
 * A write that never came (a failed transaction, a pulled row the outbox changed) leaves its entry;
 * the oldest go first. Room for two pull pages (dexieStore.ts seals a page of up to 1000 rows ahead).
 */
const AHEAD_MAX = 2048;
const aheadId = (table: string, json: string) => `${table}\u0000${json}`;

function takeAhead(table: string, json: string, key: CryptoKey): Bytes | null {
  const id = aheadId(table, json);
  const hit = ahead.get(id);
  if (!hit) return null;
  ahead.delete(id);
  return hit.key === key ? hit.blob : null;
}

/** Encrypt rows of `table` before the transaction that writes them. Nothing while locked. */
export async function sealAhead(table: string, rows: readonly unknown[]): Promise<void> {
  const key = currentDataKey();
  if (!key) return;
  await Promise.all(
    rows.map(async (row) => {
      const parts = splitSecret(table, row);
      if (!parts) return;
      const blob = await encryptText(key, parts.json, table);
      ahead.set(aheadId(table, parts.json), { key, blob });
      while (ahead.size > AHEAD_MAX) ahead.delete(ahead.keys().next().value!);
    }),
  );
}

/**
 * The stored form of each row whose ciphertext sealAhead made; undefined where a row still needs
 * encrypting (changed since, or never sealed ahead). Null when no row was sealed ahead.
 */
function sealedAhead(table: string, rows: readonly unknown[]): (unknown | undefined)[] | null {
  const key = currentDataKey();
  if (!key || ahead.size === 0) return null;
  let hits = 0;
  const out = rows.map((row) => {
    const parts = splitSecret(table, row);
    if (!parts) return row;
    const blob = takeAhead(table, parts.json, key);
    if (!blob) return undefined;
    hits++;
    return { ...parts.rest, [ENC]: blob };
  });
  return hits > 0 ? out : null;
}

setPresealed(sealedAhead);
onDataKeyChange(() => ahead.clear());

/**
 * sealAhead for the rows a bulk write of `db` will store, by table: nothing when `db` has no
 * encryption installed (sealAhead itself does nothing while the app is locked; the write says so).
 */
export async function sealAheadFor(db: Dexie, byTable: ReadonlyMap<string, readonly unknown[]>): Promise<void> {
  if (!isEncrypted(db)) return;
  await Promise.all([...byTable].map(([table, rows]) => sealAhead(table, rows)));
}
