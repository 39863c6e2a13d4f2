// Activation codes: the beheerder never chooses or sees a password. A new account, or a password
// reset, gets a one-time code (and a link with it) that the user redeems on the log-in page by
// choosing their own password. One open code per user; stored as a hash; 72 hours; used once.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../store/db';

export const ACTIVATION_HOURS = 72;
// No 0/O, 1/I/L: read aloud or typed over from a note without mistakes. 32 symbols, 12 of them: 60 bits,
// guessed only through the log-in lockout (5 per account per 15 minutes).
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

/** "ABCD-EFGH-JKMN" as typed (lower case, spaces, dashes) to the stored form "ABCDEFGHJKMN". */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const hashCode = (code: string) => createHash('sha256').update(normalizeCode(code)).digest('base64url');

export interface Activation {
  /** Shown once to the beheerder, grouped by four: "ABCD-EFGH-JKMN". */
  code: string;
  expiresAt: string;
}

/** A new code for the user (any older one stops working). */
export async function newActivation(db: Queryable, userId: string, createdBy: string): Promise<Activation> {
  const raw = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO activation_codes (user_id, code_hash, created_by, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4))
     ON CONFLICT (user_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, created_by = EXCLUDED.created_by,
       created_at = now(), expires_at = EXCLUDED.expires_at
     RETURNING expires_at`,
    [userId, hashCode(raw), createdBy, ACTIVATION_HOURS],
  );
  return { code: raw.match(/.{4}/g)!.join('-'), expiresAt: new Date(rows[0]!.expires_at).toISOString() };
}

/**
 * Uses up the user's code when it matches and has not expired: true. Anything else (no code, wrong,
 * expired) is false, without saying which.
 */
export async function redeemActivation(db: Queryable, userId: string | null, code: string): Promise<boolean> {
  const presented = Buffer.from(hashCode(code));
  const { rows } = await db.query<{ code_hash: string; expired: boolean }>(
    'SELECT code_hash, expires_at < now() AS expired FROM activation_codes WHERE user_id = $1',
    [userId],
  );
  const row = rows[0];
  const stored = Buffer.from(row?.code_hash ?? hashCode('-'));
  const same = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (!row || !same || row.expired) return false;
  const { rows: gone } = await db.query('DELETE FROM activation_codes WHERE user_id = $1 AND code_hash = $2 RETURNING 1', [
    userId,
    row.code_hash,
  ]);
  return gone.length === 1;
}
