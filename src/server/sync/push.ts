// Applies a pushed batch: validate, check permission, merge, write, at most once per mutation id.
import { randomUUID } from 'node:crypto';
import { canWriteRecord, type Actor } from '../../domain/permissions';
import type { EntityName } from '../../domain/entities';
import type { Conflict, Mutation, MutationResult } from '../../sync/protocol';
import { createState, mergeFields, type FieldMeta, type MergeState } from '../../sync/merge';
import type { Db, Queryable } from '../store/db';
import { checkMerged, checkMutation } from './validate';

/**
 * I4: the change sequence is taken only while holding this transaction-scoped advisory lock, which
 * is held until COMMIT/ROLLBACK. So transactions that take seqs run one after another: seq n+1 is
 * taken only after the transaction holding seq n has finished, and a reader can never see n+1
 * committed while n may still commit (a rolled-back seq is a gap, never a late arrival). On PGlite
 * (one connection, transactions already one at a time) the lock is trivially uncontended.
 * The price: pushes are serialized. A push of 500 mutations holds the lock for tens of
 * milliseconds, which is plenty for a region's few hundred professionals.
 */
export const CHANGE_LOCK = 715_002;

export interface PushContext {
  actor: Actor;
  deviceId: string;
  now?: Date;
}

export interface PushHooks {
  /** Test hook: called inside the transaction after each seq is taken (to hold it open). */
  afterSeq?: (seq: number) => Promise<void>;
}

interface RecordRow {
  id: string;
  entity: EntityName;
  school_id: string;
  data: Record<string, unknown>;
  field_versions: Record<string, FieldMeta>;
  version: number;
}

const rejected = (mutationId: string, reason: string): MutationResult => ({ mutationId, status: 'rejected', reason });

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
  const checked = mutations.map((m) => ({ id: String(m.id), check: checkMutation(m) }));
  const now = (ctx.now ?? new Date()).toISOString();

  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
    const results: MutationResult[] = [];
    for (const { id, check } of checked) {
      if (!check.ok) {
        results.push(rejected(id, check.reason));
        continue;
      }
      results.push(await applyOne(tx, ctx, check.mutation, check.changes, check.resolveIds, now, hooks));
    }
    return results;
  });
}

async function applyOne(
  tx: Queryable,
  ctx: PushContext,
  mutation: Mutation,
  changes: Record<string, unknown>,
  resolveIds: string[],
  now: string,
  hooks: PushHooks,
): Promise<MutationResult> {
  const mutationId = mutation.id;
  // I3: at most once. We hold the change lock, so no other transaction can insert this id between
  // this check and our insert below; the primary key is the second guard.
  const seen = await tx.query<{ version: number }>('SELECT version FROM applied_mutations WHERE id = $1', [mutationId]);
  if (seen.rows[0]) return { mutationId, status: 'duplicate', version: seen.rows[0].version };

  const { rows } = await tx.query<RecordRow>(
    'SELECT id, entity, school_id, data, field_versions, version FROM records WHERE id = $1 FOR UPDATE',
    [mutation.recordId],
  );
  const existing = rows[0];
  if (existing && existing.entity !== mutation.entity) {
    return rejected(mutationId, 'Dit record bestaat al als een ander soort gegeven.');
  }
  if (!existing && mutation.kind === 'update') {
    return rejected(mutationId, 'Dit record bestaat niet op de server; het is nooit aangekomen of door een beheerder verwijderd.');
  }

  // Permission on the school the record is in now, and on the school it moves to.
  const schools = new Set<string>();
  if (existing) schools.add(existing.school_id);
  if (typeof changes.schoolId === 'string') schools.add(changes.schoolId);
  for (const schoolId of schools) {
    const permission = canWriteRecord(ctx.actor, mutation.entity, schoolId);
    if (!permission.ok) return rejected(mutationId, permission.reason);
  }

  const writer = { userId: ctx.actor.id, deviceId: ctx.deviceId };
  const seqRow = await tx.query<{ seq: number }>("SELECT nextval('change_seq') AS seq");
  const seq = Number(seqRow.rows[0]?.seq);
  await hooks.afterSeq?.(seq);

  let next: MergeState;
  let conflicts: Conflict[] = [];
  let changed: string[];
  if (!existing) {
    next = createState(changes, seq, writer);
    changed = Object.keys(changes);
  } else {
    // A create for a record that already exists (same id pushed by another device) merges like an
    // update from base 0: every field the server has differs from the base.
    const merged = mergeFields({
      current: { values: existing.data, meta: existing.field_versions },
      changes,
      baseVersion: mutation.kind === 'create' ? 0 : mutation.baseVersion,
      seq,
      writer,
      at: now,
      newId: randomUUID,
    });
    next = merged.next;
    conflicts = merged.conflicts;
    changed = merged.changed;
  }

  const problem = checkMerged(mutation.entity, next.values);
  if (problem) return rejected(mutationId, problem);

  let resolved = 0;
  if (existing && resolveIds.length > 0) {
    // Ids that are already resolved (by another device) or of another record are ignored: resolving is
    // idempotent and cannot touch other records.
    const res = await tx.query(
      `UPDATE conflicts SET resolved_at = now(), resolved_by = $3
        WHERE record_id = $1 AND resolved_at IS NULL
          AND id IN (SELECT (jsonb_array_elements_text($2::jsonb))::uuid) RETURNING id`,
      [mutation.recordId, JSON.stringify(resolveIds), ctx.actor.id],
    );
    resolved = res.rows.length;
  }

  const touched = !existing || changed.length > 0 || conflicts.length > 0 || resolved > 0;
  // A mutation that changes nothing keeps the record's version; its seq stays an unused gap.
  const version = touched ? seq : (existing?.version ?? seq);
  if (!existing) {
    await tx.query(
      `INSERT INTO records (id, entity, school_id, data, field_versions, deleted, version, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $9)`,
      [mutation.recordId, mutation.entity, next.values.schoolId, JSON.stringify(next.values), JSON.stringify(next.meta),
        next.values.deleted === true, seq, ctx.actor.id, mutation.createdAt],
    );
  } else if (touched) {
    await tx.query(
      `UPDATE records SET school_id = $2, data = $3::jsonb, field_versions = $4::jsonb, deleted = $5, version = $6,
              updated_at = GREATEST(updated_at, $7::timestamptz)
        WHERE id = $1`,
      [mutation.recordId, next.values.schoolId, JSON.stringify(next.values), JSON.stringify(next.meta),
        next.values.deleted === true, seq, mutation.createdAt],
    );
  }
  for (const c of conflicts) {
    await tx.query(
      'INSERT INTO conflicts (id, record_id, field, value, by_user, at, mutation_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)',
      [c.id, mutation.recordId, c.field, JSON.stringify(c.value ?? null), c.by, c.at, mutationId],
    );
  }
  const status = conflicts.length > 0 ? 'conflict' : 'applied';
  await tx.query(
    `INSERT INTO applied_mutations (id, user_id, device_id, record_id, status, version) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO NOTHING`,
    [mutationId, ctx.actor.id, ctx.deviceId, mutation.recordId, status, version],
  );
  await tx.query(
    `INSERT INTO audit_log (user_id, device_id, action, entity, record_id, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [ctx.actor.id, ctx.deviceId, existing ? 'update' : 'create', mutation.entity, mutation.recordId,
      JSON.stringify({ mutationId, seq: version, fields: changed, conflicts: conflicts.length, resolved })],
  );
  return { mutationId, status, version };
}
