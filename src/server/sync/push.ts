// Applies a pushed batch: validate, check permission, merge, write, at most once per mutation id.
// Per batch, not per mutation: one read statement, the merge in JS (pushPlan.ts), one write statement
// (a multi-row INSERT or UPDATE per table in it).
import { randomInt, randomUUID } from 'node:crypto';
import { dossierCodeAlphabet } from '../../domain/pupil';
import { canReadRecord, type Actor } from '../../domain/permissions';
import { familyPupilIds } from '../../domain/family';
import { pupilOf } from '../audit/log';
import type { MutationResult } from '../../sync/protocol';
import type { Db, Queryable } from '../store/db';
import { checkMutation } from './validate';
import { planBatch, withSeqs, type Plan, type RecordRow, type RecordWrite } from './pushPlan';
import { encodeFieldVersions } from './fieldVersions';
import { refusalEntry } from '../audit/refusals';
import { auditStatement } from '../audit/log';

/**
 * I4: the change sequence is taken only while holding this transaction-scoped advisory lock, which
 * is held until COMMIT/ROLLBACK. So transactions that take seqs run one after another: seq n+1 is
 * taken only after the transaction holding seq n has finished, and a reader can never see n+1
 * committed while n may still commit (a rolled-back seq is a gap, never a late arrival). On PGlite
 * (one connection, transactions already one at a time) the lock is trivially uncontended.
 * The lock is taken first, before the batch reads anything: so a concurrent push of the same batch
 * looks its mutation ids up only after this one committed, and answers `duplicate` (I3).
 * The price: pushes are serialized. A push of 500 mutations holds the lock for a few tens of
 * milliseconds, which is plenty for a region's few hundred professionals.
 */
export const CHANGE_LOCK = 715_002;

export interface PushContext {
  actor: Actor;
  deviceId: string;
  /** The client's address, for the audit rows of refused mutations. */
  ip?: string;
  now?: Date;
}

export interface PushHooks {
  /** Test hook: called inside the transaction after each seq is taken (to hold it open). */
  afterSeq?: (seq: number) => Promise<void>;
}

/** A list of uuids as one uuid[] parameter, for `= ANY($1::uuid[])` (the planner sees the values). */
const idList = (ids: Iterable<string>) => [...new Set(ids)];

/**
 * `mutations` are objects whose `id` is a valid uuid (the route checked that much, so every result
 * can name its mutation); everything else about them is checked here. Results are in input order.
 */
export async function applyPush(
  db: Db,
  ctx: PushContext,
  mutations: readonly Record<string, unknown>[],
  hooks: PushHooks = {},
): Promise<MutationResult[]> {
  let items = mutations.map((m) => ({ id: String(m.id), check: checkMutation(m) }));
  const now = (ctx.now ?? new Date()).toISOString();

  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
    const valid = items.flatMap(({ id, check }) => (check.ok ? [{ id, ...check }] : []));
    const found = await lookUp(tx, valid);
    const fresh = valid.filter((m) => !found.applied.has(m.id.toLowerCase()));
    const freshRecords = new Set(fresh.map((m) => m.mutation.recordId.toLowerCase()));
    // A purged record the user may not see is refused like any record they may not see (pushPlan).
    const seen = (id: string) => {
      const r = found.records.get(id);
      return (
        r !== undefined &&
        canReadRecord(ctx.actor, {
          entity: r.entity,
          schoolId: r.school_id,
          createdBy: r.created_by,
          values: r.data,
          pupilId: pupilOf(r.entity, r.id, r.data),
        })
      );
    };
    items = refusePurged(items, new Set([...found.purged].filter((id) => freshRecords.has(id) && seen(id))));

    const plan = planBatch({
      actor: ctx.actor,
      deviceId: ctx.deviceId,
      items,
      applied: found.applied,
      records: found.records,
      openConflicts: found.openConflicts,
      now,
      newId: randomUUID,
    });
    const seqs = found.seqs.slice(0, plan.seqCount); // withSeqs refuses a block too short
    for (const seq of seqs) await hooks.afterSeq?.(seq);
    const final = withSeqs(plan, seqs);
    await write(tx, ctx, final);
    return final.results;
  });
}

interface Found {
  applied: Map<string, number>;
  records: Map<string, RecordRow>;
  purged: Set<string>;
  openConflicts: Map<string, string>;
  seqs: number[];
}

/**
 * Everything the batch reads, in one statement under the change lock (every round trip while it is
 * held makes every other push wait):
 * - I3: which mutation ids were applied before. An applied mutation is its audit row
 *   (audit_log.mutation_id, 008); one applied before 008 is in applied_mutations. We hold the change
 *   lock, so no other transaction can insert one of these ids before our insert; the unique index
 *   audit_log_mutation is the second guard: a second row for an id fails the whole transaction.
 * - the records the batch touches and the open conflicts it resolves, locked (FOR UPDATE);
 * - I4: a block of seqs (TAKE_SEQS), one per mutation not applied before (at most one change each).
 *   Seqs the batch does not use (a no-op update) are gaps, which readers skip like a rollback's.
 */
async function lookUp(
  tx: Queryable,
  valid: readonly {
    id: string;
    mutation: { recordId: string; entity: string };
    changes: Record<string, unknown>;
    resolveIds: readonly string[];
  }[],
): Promise<Found> {
  const found: Found = { applied: new Map(), records: new Map(), purged: new Set(), openConflicts: new Map(), seqs: [] };
  if (valid.length === 0) return found;
  const { rows } = await tx.query<{
    applied: { id: string; version: number }[];
    records: (RecordRow & { purged: boolean })[];
    open: { id: string; record_id: string }[];
    taken: number;
    last: number | null;
  }>(
    `WITH applied AS (
       SELECT mutation_id AS id, (detail ->> 'seq')::bigint AS version FROM audit_log WHERE mutation_id = ANY($1::uuid[])
       UNION ALL SELECT id, version FROM applied_mutations WHERE id = ANY($1::uuid[])
     ), recs AS MATERIALIZED (
       SELECT id, entity, school_id, data, field_versions, version, created_by, purged_at IS NOT NULL AS purged
         FROM records WHERE id = ANY($2::uuid[]) ORDER BY id FOR UPDATE
     ), open AS MATERIALIZED (
       SELECT id, record_id FROM conflicts WHERE resolved_at IS NULL AND id = ANY($3::uuid[]) FOR UPDATE
     ), n AS (
       SELECT cardinality($1::uuid[]) - (SELECT count(DISTINCT id) FROM applied)::int AS taken
     )
     SELECT (SELECT coalesce(jsonb_agg(applied), '[]') FROM applied) AS applied,
            (SELECT coalesce(jsonb_agg(recs), '[]') FROM recs) AS records,
            (SELECT coalesce(jsonb_agg(open), '[]') FROM open) AS open,
            n.taken,
            CASE WHEN n.taken > 0 THEN ${TAKE_SEQS('n.taken')} END AS last
       FROM n`,
    [
      idList(valid.map((m) => m.id.toLowerCase())),
      // The records, and the pupils they name (pushPlan checks a record is at its pupil's school).
      idList(
        valid.flatMap((m) => [
          m.mutation.recordId.toLowerCase(),
          ...(typeof m.changes.pupilId === 'string' ? [m.changes.pupilId.toLowerCase()] : []),
          ...(m.mutation.entity === 'family' ? familyPupilIds(m.changes).map((p) => p.toLowerCase()) : []),
        ]),
      ),
      idList(valid.flatMap((m) => m.resolveIds.map((c) => c.toLowerCase()))),
    ],
  );
  const row = rows[0]!;
  for (const r of row.applied) found.applied.set(r.id, Number(r.version));
  for (const { purged, ...r } of row.records) {
    found.records.set(r.id, { ...r, version: Number(r.version) });
    if (purged) found.purged.add(r.id);
  }
  for (const c of row.open) found.openConflicts.set(c.id, c.record_id);
  if (row.last !== null) found.seqs = seqBlock(Number(row.last), row.taken);
  return found;
}

/**
 * I4, under the change lock only: the SQL that takes `count` change seqs as one contiguous block and
 * gives the last. nextval takes the first, setval moves the sequence past the last. Safe because
 * only the push and retention take change seqs, always under the lock, and change_seq has CACHE 1
 * (001_init.sql); a duplicate would still be refused by the unique index records_version.
 */
export const TAKE_SEQS = (count: string) => `setval('change_seq', nextval('change_seq') + ${count} - 1)`;

/** The block TAKE_SEQS took, ascending, from its last seq. */
export function seqBlock(last: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => last - count + 1 + k);
}

/** Retention: a record removed after its term is never written again, by anyone. */
function refusePurged<T extends { id: string; check: ReturnType<typeof checkMutation> }>(items: T[], purged: Set<string>): T[] {
  if (purged.size === 0) return items;
  const reason = 'Dit record is verwijderd omdat de bewaartermijn is verstreken; het kan niet meer worden gewijzigd.';
  return items.map((it) =>
    it.check.ok && purged.has(it.check.mutation.recordId.toLowerCase()) ? { ...it, check: { ok: false, reason } } : it,
  );
}

/**
 * Rows carry only what SQL cannot derive: school_id and deleted come from `data`. updated_at becomes
 * the latest createdAt of the mutations that changed the record: sent as `latest` when there was one
 * (almost always), as the list `touched` otherwise (COALESCE skips the subquery when `latest` is set).
 */
const RECORD_COLUMNS =
  'id uuid, entity text, data jsonb, meta jsonb, version bigint, created_at timestamptz, latest timestamptz, touched jsonb, code text';
/**
 * A new pupil's data with its dossier code (docs/rights.md): only the service knows what is unique in
 * the region. The code drawn here is distinct within the batch; one that an existing pupil already has
 * is drawn again in SQL (new_dossier_code, 014_rights.sql, which checks the table). In the same
 * statement as the insert: no extra round trip under the change lock.
 */
const DATA_WITH_CODE = `CASE WHEN x.code IS NULL THEN x.data
  WHEN EXISTS (SELECT 1 FROM records e WHERE e.entity = 'pupil' AND e.data ->> 'dossierCode' = x.code)
    THEN x.data || jsonb_build_object('dossierCode', new_dossier_code())
  ELSE x.data || jsonb_build_object('dossierCode', x.code) END`;

/** `count` distinct random dossier codes. */
function dossierCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    codes.add(Array.from({ length: 6 }, () => dossierCodeAlphabet[randomInt(dossierCodeAlphabet.length)]).join(''));
  }
  return [...codes];
}
const SCHOOL_ID = "(x.data ->> 'schoolId')::uuid";
const DELETED = "coalesce(x.data -> 'deleted' = 'true'::jsonb, false)";
const LATEST = 'coalesce(x.latest, (SELECT max(t::timestamptz) FROM jsonb_array_elements_text(x.touched) t))';

/** A write of the plan: SQL with its own $1, $2… and their values. */
interface Part {
  sql: string;
  params: unknown[];
}

/**
 * The plan's rows, one multi-row INSERT or UPDATE per table, sent as one statement (data-modifying
 * WITH queries): one round trip while the change lock is held. Each part runs exactly once, all on
 * the same snapshot; the foreign keys (conflicts → records) are checked at the end of the statement.
 */
async function write(tx: Queryable, ctx: PushContext, plan: Plan): Promise<void> {
  const parts = writes(ctx, plan);
  if (parts.length === 0) return;
  const params: unknown[] = [];
  const ctes = parts.map((part, i) => {
    const offset = params.length;
    params.push(...part.params);
    return `w${i} AS (${part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  await tx.query(`WITH ${ctes.join(',\n')}\nSELECT 1`, params);
}

function writes(ctx: PushContext, plan: Plan): Part[] {
  const userId = ctx.actor.id;
  const parts: Part[] = [];
  const rows = (records: RecordWrite[], codes: string[] = []) =>
    JSON.stringify(
      records.map((r, i) => ({
        id: r.id,
        entity: r.entity,
        data: r.state.values,
        meta: encodeFieldVersions(r.state.meta, r.state.values),
        version: r.version,
        created_at: r.createdAt ?? undefined,
        ...(r.touchedAt.length === 1 ? { latest: r.touchedAt[0] } : { touched: r.touchedAt }),
        ...(codes[i] ? { code: codes[i] } : {}),
      })),
    );
  const inserts = plan.records.filter((r) => r.isNew);
  if (inserts.length > 0) {
    const pupils = inserts.filter((r) => r.entity === 'pupil').length;
    const codes = pupils > 0 ? dossierCodes(pupils) : [];
    const codeOf = codes.length > 0 ? inserts.map((r) => (r.entity === 'pupil' ? codes.pop()! : '')) : [];
    parts.push({
      sql: `INSERT INTO records (id, entity, school_id, data, field_versions, deleted, version, created_by, created_at, updated_at)
       SELECT x.id, x.entity, ${SCHOOL_ID}, ${pupils > 0 ? DATA_WITH_CODE : 'x.data'}, x.meta, ${DELETED}, x.version, $2, x.created_at, ${LATEST}
         FROM jsonb_to_recordset($1::jsonb) AS x(${RECORD_COLUMNS})`,
      params: [rows(inserts, codeOf), userId],
    });
  }
  const updates = plan.records.filter((r) => !r.isNew);
  if (updates.length > 0) {
    parts.push({
      sql: `UPDATE records r SET school_id = ${SCHOOL_ID}, data = x.data, field_versions = x.meta, deleted = ${DELETED},
              version = x.version, updated_at = GREATEST(r.updated_at, ${LATEST})
         FROM jsonb_to_recordset($1::jsonb) AS x(${RECORD_COLUMNS})
        WHERE r.id = x.id`,
      params: [rows(updates)],
    });
  }
  if (plan.conflicts.length > 0) {
    // The value is wrapped ({v: …}) so that a kept JSON null stays a jsonb null, not SQL NULL.
    parts.push({
      sql: `INSERT INTO conflicts (id, record_id, field, value, by_user, at, mutation_id)
       SELECT x.id, x.record_id, x.field, x.value -> 'v', x.by_user, x.at, x.mutation_id
         FROM jsonb_to_recordset($1::jsonb)
           AS x(id uuid, record_id uuid, field text, value jsonb, by_user text, at timestamptz, mutation_id uuid)`,
      params: [
        JSON.stringify(
          plan.conflicts.map((c) => ({
            id: c.id,
            record_id: c.recordId,
            field: c.field,
            value: { v: c.value ?? null },
            by_user: c.by,
            at: c.at,
            mutation_id: c.mutationId,
          })),
        ),
      ],
    });
  }
  if (plan.resolved.length > 0) {
    // Conflicts that existed before the batch (looked up and locked): none of the conflicts inserted above.
    parts.push({
      sql: 'UPDATE conflicts SET resolved_at = now(), resolved_by = $2 WHERE resolved_at IS NULL AND id = ANY($1::uuid[])',
      params: [idList(plan.resolved), userId],
    });
  }
  if (plan.refused.length > 0) {
    // Refused for permission: one `refused` row each (audit/refusals.ts), in the same statement.
    const entries = plan.refused.map((r) =>
      refusalEntry({
        kind: 'mutation',
        userId,
        role: ctx.actor.role,
        deviceId: ctx.deviceId,
        ip: ctx.ip ?? null,
        ...r,
      }),
    );
    parts.push(auditStatement(entries));
  }
  if (plan.applied.length === 0) return parts;
  // One audit row per applied mutation (no-ops included), and that row is what makes it applied (I3,
  // 008): mutation_id (unique), seq in detail. Its own statement, because it carries the mutation id
  // and builds its detail in SQL; its actions (create, update) are of the closed list (AuditAction).
  // The detail keeps the mutation id as the device sent it (text), as before. Role and pupil are
  // named here, so the audit trigger is skipped (006) instead of looking both up for every row. No
  // ON CONFLICT: under the change lock a second row for an id is a bug, and failing the batch
  // (nothing written) is the answer that keeps both I3 and the audit whole.
  parts.push({
    sql: `INSERT INTO audit_log (user_id, role, device_id, action, entity, record_id, pupil_id, mutation_id, detail)
     SELECT $2, $4, $3, x.action, x.entity, x.record_id, x.pupil_id, x.id::uuid,
            jsonb_build_object('mutationId', x.id, 'seq', x.version, 'fields', x.fields, 'conflicts', x.conflicts, 'resolved', x.resolved)
            || CASE WHEN x.break_glass IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('breakGlass', x.break_glass) END
       FROM jsonb_to_recordset($1::jsonb)
         AS x(i int, id text, record_id uuid, version bigint, action text, entity text, fields jsonb, conflicts int, resolved int, pupil_id uuid, break_glass text)
      ORDER BY x.i`,
    params: [
      JSON.stringify(
        plan.applied.map((a, i) => ({
          i,
          id: a.mutationId,
          record_id: a.recordId,
          version: a.version,
          action: a.action,
          entity: a.entity,
          fields: a.fields,
          conflicts: a.conflicts,
          resolved: a.resolved,
          pupil_id: a.pupilId,
          // Break-the-glass: every change under a grant is marked (docs/rights.md).
          break_glass:
            ctx.actor.grants?.length && a.pupilId
              ? (ctx.actor.grants.find((g) => g.pupilId === a.pupilId!.toLowerCase())?.id ?? null)
              : null,
        })),
      ),
      userId,
      ctx.deviceId,
      ctx.actor.role,
    ],
  });
  return parts;
}
