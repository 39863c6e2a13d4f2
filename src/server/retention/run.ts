// Retention: records past their term are removed. On the server a removed record becomes a
// tombstone: its data emptied, `deleted`, `purged_at` set and a new change seq, taken under the change
// lock exactly like a push (sync/push.ts, I4); the search for what is past its term runs before that lock,
// so pushes are never held up by it. Devices receive it through pull as `purged` and delete
// it. Kept conflicts of the record are removed; every removal writes an audit row ('delete', reason
// 'retention'). Terms per record type are in the table retention_terms (months after the last change).
import type { Db, Queryable } from '../store/db';
import { CHANGE_LOCK, TAKE_SEQS, seqBlock } from '../sync/push';
import { writeAudit } from '../audit/log';
import { pruneFailures } from '../auth/lockout';

/** Held (per batch, transaction-scoped) while a copy runs the job: N copies never do it twice. */
export const RETENTION_LOCK = 715_005;
const BATCH = 500;

export interface RetentionTerm {
  entity: string;
  months: number;
  source: string;
}

export interface RetentionResult {
  /** Another copy held the job's lock: nothing done. */
  skipped: boolean;
  purged: number;
  byEntity: Record<string, number>;
  loginFailuresPruned: number;
}

export async function retentionTerms(db: Queryable): Promise<RetentionTerm[]> {
  const { rows } = await db.query<RetentionTerm>('SELECT entity, months, source FROM retention_terms ORDER BY entity');
  return rows;
}

interface Candidate {
  id: string;
  entity: string;
  pupil_id: string | null;
  months: number;
}

/**
 * Removes everything past its term as of `now` (tests pass a later date). A pupil goes only when
 * nothing about them is kept any more: their signals, contacts, … are removed first (their terms are
 * never longer), the pupil in a following batch.
 */
export async function runRetention(db: Db, options: { now?: Date; batch?: number } = {}): Promise<RetentionResult> {
  const now = (options.now ?? new Date()).toISOString();
  const limit = options.batch ?? BATCH;
  const result: RetentionResult = { skipped: false, purged: 0, byEntity: {}, loginFailuresPruned: 0 };
  for (let round = 0; ; round++) {
    const done = await db.transaction(async (tx) => {
      const { rows: lock } = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [RETENTION_LOCK]);
      if (!lock[0]?.ok) return null;
      // The search for what is past its term scans records: it runs before the change lock, so pushes
      // go on meanwhile (under it, it made every push wait: 0.3 s with 20,000 records, seconds in a
      // region). What it finds is checked again under the change lock.
      const candidates = await expired(tx, now, limit);
      if (candidates.length === 0) return [];
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      return purgeBatch(tx, now, candidates);
    });
    if (done === null) {
      result.skipped = round === 0;
      break;
    }
    for (const c of done) result.byEntity[c.entity] = (result.byEntity[c.entity] ?? 0) + 1;
    result.purged += done.length;
    if (done.length === 0) break;
  }
  if (!result.skipped) result.loginFailuresPruned = await pruneFailures(db);
  return result;
}

/** What is past its term as of `now`, oldest first: a pupil only when nothing about them is left. */
const PAST_TERM = `r.purged_at IS NULL
        AND r.updated_at < $1::timestamptz - make_interval(months => t.months)
        AND (r.entity <> 'pupil' OR NOT EXISTS (
              SELECT 1 FROM records x WHERE x.data ->> 'pupilId' = r.id::text AND x.purged_at IS NULL))`;

async function expired(db: Queryable, now: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT r.id FROM records r JOIN retention_terms t ON t.entity = r.entity
      WHERE ${PAST_TERM}
      ORDER BY r.updated_at, r.id
      LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Under the change lock: the candidates that are still past their term (a push in between may have
 * changed one, or given a pupil a new signal), locked, become tombstones with new seqs.
 */
async function purgeBatch(tx: Queryable, now: string, candidates: readonly string[]): Promise<Candidate[]> {
  const { rows } = await tx.query<Candidate>(
    `SELECT r.id, r.entity, r.data ->> 'pupilId' AS pupil_id, t.months
       FROM records r JOIN retention_terms t ON t.entity = r.entity
      WHERE r.id = ANY($2::uuid[]) AND ${PAST_TERM}
      ORDER BY r.updated_at, r.id
      FOR UPDATE OF r`,
    [now, candidates],
  );
  if (rows.length === 0) return rows;
  await tombstone(tx, rows, (r) => ({ reason: 'retention', termMonths: r.months }));
  return rows;
}

/**
 * Under the change lock (the caller holds it): these records become tombstones with new seqs, their
 * kept conflicts are removed and each gets a 'delete' audit row with `detail` (never their content).
 * The retention purge and an erasure on request (routes/rights.ts) both end here, so a device
 * removes the record the same way at its next pull (`purged`).
 */
export async function tombstone<R extends { id: string; entity: string; pupil_id: string | null }>(
  tx: Queryable,
  rows: readonly R[],
  detail: (r: R) => Record<string, unknown>,
  who: { userId: string | null; role?: string; deviceId?: string } = { userId: null },
): Promise<void> {
  if (rows.length === 0) return;
  // I4: a contiguous block of seqs under the change lock, as the push takes them.
  const { rows: seqRows } = await tx.query<{ last: number }>(`SELECT ${TAKE_SEQS('$1')} AS last`, [rows.length]);
  const seqs = seqBlock(Number(seqRows[0]?.last), rows.length);
  const items = rows.map((r, k) => ({ ...r, version: seqs[k]! }));
  const ids = JSON.stringify(items.map((r) => r.id));
  await tx.query(
    `UPDATE records r SET data = jsonb_build_object('schoolId', r.school_id::text, 'deleted', true), field_versions = '{}'::jsonb,
            deleted = true, version = x.version, updated_at = now(), purged_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, version bigint)
      WHERE r.id = x.id`,
    [JSON.stringify(items.map((r) => ({ id: r.id, version: r.version })))],
  );
  await tx.query('DELETE FROM conflicts WHERE record_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)', [ids]);
  await writeAudit(
    tx,
    items.map((r) => ({
      userId: who.userId,
      role: who.role ?? null,
      deviceId: who.deviceId ?? null,
      action: 'delete' as const,
      entity: r.entity,
      recordId: r.id,
      pupilId: r.entity === 'pupil' ? r.id : r.pupil_id,
      detail: { ...detail(r), seq: r.version },
    })),
  );
}
