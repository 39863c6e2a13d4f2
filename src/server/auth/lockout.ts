// Log-in lockout, per account name and per address, kept in the database so every copy of the service
// behind a load balancer counts the same failures. Works the same for names that do not exist, so the
// answer never tells whether an account exists.
import type { Db, Queryable } from '../store/db';
import { HttpError } from '../errors';

export interface LockoutPolicy {
  /** Failures counted within this many minutes. */
  windowMinutes: number;
  /** Wrong passwords per account name within the window; the next attempt is refused. */
  maxPerAccount: number;
  /**
   * Wrong passwords per address within the window. Higher: a school's pupils and staff may all come
   * from one address (NAT), and one person mistyping must not lock out the school.
   */
  maxPerIp: number;
}

export const defaultLockout: LockoutPolicy = { windowMinutes: 15, maxPerAccount: 5, maxPerIp: 50 };

export const lockedOut = (policy: LockoutPolicy) =>
  new HttpError(
    429,
    'too_many_attempts',
    `Te veel mislukte pogingen om in te loggen. Probeer het over ${policy.windowMinutes} minuten opnieuw of vraag de beheerder om hulp.`,
  );

const key = (username: string) => username.trim().toLowerCase();

/**
 * Counts this attempt before its password is checked, one attempt per account and per address at a
 * time (transaction-scoped advisory locks): the window is counted and, when not
 * locked out, this attempt's row is added before the lock is let go. So N attempts sent at once
 * get exactly the limit checked (a check-then-record order let all of them through). A wrong
 * password leaves the row as the failure; a good log-in clears the account's rows (clearFailures),
 * this one included. A refused attempt adds no row, so hammering a locked account does not
 * stretch its lockout. The same holds per address (a second lock on the address).
 */
export async function claimAttempt(db: Db, policy: LockoutPolicy, username: string, ip: string): Promise<{ locked: boolean }> {
  return db.transaction(async (tx) => {
    // Account first, then address, always in this order: no two attempts wait on each other in a
    // circle. Held only for the count and the insert, never during the password check.
    // Two-key locks: space 1 for names, 2 for addresses, apart from the single-key locks of push.
    await tx.query('SELECT pg_advisory_xact_lock(1, hashtext($1))', [key(username)]);
    await tx.query('SELECT pg_advisory_xact_lock(2, hashtext($1))', [ip]);
    const { rows } = await tx.query<{ account: number; address: number }>(
      `SELECT (SELECT count(*)::int FROM login_failures WHERE username = $1 AND at > now() - make_interval(mins => $3)) AS account,
              (SELECT count(*)::int FROM login_failures WHERE ip = $2 AND at > now() - make_interval(mins => $3)) AS address`,
      [key(username), ip, policy.windowMinutes],
    );
    const row = rows[0];
    const locked = Number(row?.account) >= policy.maxPerAccount || Number(row?.address) >= policy.maxPerIp;
    if (!locked) await tx.query('INSERT INTO login_failures (username, ip) VALUES ($1, $2)', [key(username), ip]);
    return { locked };
  });
}

/** A successful log-in clears the account's failures (not the address's). */
export async function clearFailures(db: Queryable, username: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE username = $1', [key(username)]);
}

/** Failures older than a day count for nothing; the retention job removes them. */
export async function pruneFailures(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "WITH gone AS (DELETE FROM login_failures WHERE at < now() - interval '1 day' RETURNING 1) SELECT count(*)::int AS n FROM gone",
  );
  return Number(rows[0]?.n ?? 0);
}
