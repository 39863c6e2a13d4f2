// The JS half of a batched push: given what the database holds for a batch (applied mutation ids,
// the locked records, the open conflicts it names), decide every mutation's answer and the rows to
// write, in input order. Pure, no I/O: push.ts reads before and writes after, one statement per table.
import type { Actor } from '../../domain/permissions';
import { canReadRecord, canWriteRecord } from '../../domain/permissions';
import type { EntityName } from '../../domain/entities';
import type { Conflict, MutationResult } from '../../sync/protocol';
import { createState, mergeFields, type FieldMeta, type MergeState } from '../../sync/merge';
import { checkMerged, type Checked } from './validate';
import { decodeFieldVersions, type StoredFieldVersions } from './fieldVersions';
import { pupilOf } from '../audit/log';
import { familyPupilIds } from '../../domain/family';

/** A row of `records` as the push reads it (locked FOR UPDATE). */
export interface RecordRow {
  id: string;
  entity: EntityName;
  school_id: string;
  data: Record<string, unknown>;
  /** As stored (fieldVersions.ts); decoded to one FieldMeta per field for the merge. */
  field_versions: StoredFieldVersions;
  version: number;
  created_by: string;
}

export interface PlanInput {
  actor: Actor;
  deviceId: string;
  /** Mutations in input order: their id (a valid uuid) and what checkMutation said. */
  items: readonly { id: string; check: Checked }[];
  /** I3: mutation ids (lower case) already applied, with the version they answered. */
  applied: ReadonlyMap<string, number>;
  /** Current rows of the records the batch touches, by lower-case id. */
  records: ReadonlyMap<string, RecordRow>;
  /** Open conflicts named by a `_resolveConflicts` in the batch: conflict id -> record id (lower case). */
  openConflicts: ReadonlyMap<string, string>;
  /** ISO timestamp for new conflicts. */
  now: string;
  newId: () => string;
}

/** The final state of one record the batch wrote. */
export interface RecordWrite {
  id: string;
  isNew: boolean;
  entity: EntityName;
  state: MergeState;
  version: number;
  /** createdAt of the create (new records only). */
  createdAt: string | null;
  /** createdAt of every mutation that changed it: updated_at becomes the greatest of these. */
  touchedAt: string[];
}

export interface AppliedWrite {
  mutationId: string;
  recordId: string;
  status: 'applied' | 'conflict';
  version: number;
  entity: EntityName;
  action: 'create' | 'update';
  fields: string[];
  conflicts: number;
  resolved: number;
  /** For the audit row: the pupil the record is about after the batch (audit/log.ts pupilOf). */
  pupilId: string | null;
}

export interface ConflictWrite extends Conflict {
  recordId: string;
  mutationId: string;
}

/** A mutation refused because the actor may not write it: an attempt the audit log keeps. */
export interface RefusedWrite {
  mutationId: string;
  entity: EntityName;
  recordId: string;
  reason: string;
}

export interface Plan {
  results: MutationResult[];
  /** Refused for permission, in input order (each gets a `refused` audit row). */
  refused: RefusedWrite[];
  /** How many change seqs the batch needs (one per mutation that changes a record). */
  seqCount: number;
  records: RecordWrite[];
  /** One per mutation applied (applied or conflict, no-ops included), in input order. */
  applied: AppliedWrite[];
  conflicts: ConflictWrite[];
  /** Conflict ids to mark resolved by the actor. */
  resolved: string[];
}

interface Working extends RecordWrite {
  schoolId: string;
  createdBy: string;
  dirty: boolean;
}

const rejected = (mutationId: string, reason: string): MutationResult => ({ mutationId, status: 'rejected', reason });

/**
 * One answer for a record that does not exist and one the user may not see: a refusal never tells
 * that an id is in use at another school, or what kind of record it is.
 */
export const unavailableReason = 'Dit record is niet gevonden, of je mag het niet wijzigen.';
/** A record names a pupil that is not at the record's school (or not one the user may see). */
export const pupilElsewhereReason = 'Deze leerling is niet gevonden bij de school van dit record. Kies een leerling van deze school.';

/** The record as the permission rules see it: a record made earlier in this batch is the actor's own. */
const visible = (actor: Actor, r: Working) =>
  r.isNew ||
  canReadRecord(actor, {
    entity: r.entity,
    schoolId: r.schoolId,
    createdBy: r.createdBy,
    values: r.state.values,
    pupilId: pupilOf(r.entity, r.id, r.state.values),
  });

/**
 * Seqs are taken after planning, so the plan uses placeholders: the k-th seq the batch takes is
 * written as -(k+1) (real seqs start at 1), and `withSeqs` swaps in the real ones. The merge only
 * compares a field's seq for fields another device wrote (MG2); every field written earlier in this
 * batch is this device's own, so no decision depends on a placeholder's value.
 */
/** The pupil a record names once this change is applied (a changed `pupilId`, or the current one). */
function pupilAfter(changes: Record<string, unknown>, existing: Working | undefined): string | null {
  const v = 'pupilId' in changes ? changes.pupilId : existing?.state.values.pupilId;
  return typeof v === 'string' ? v : null;
}

const placeholder = (k: number) => -(k + 1);

/** What planning a batch carries from one mutation to the next. */
interface Batch {
  actor: Actor;
  writer: { userId: string; deviceId: string };
  now: string;
  newId: () => string;
  /** Mutation ids (lower case) applied before or earlier in this batch, with their version. */
  applied: Map<string, number>;
  /** Open conflicts: conflict id -> record id (lower case). */
  open: Map<string, string>;
  /** The records as the batch has left them so far, by lower-case id. */
  working: Map<string, Working>;
  plan: Plan;
}

type Valid = Extract<Checked, { ok: true }>;

/**
 * Why the actor may not make this change, as the answer to send; null when they may. Checked on
 * the record's school now and on the school it moves to. An existing record the actor may not see
 * is answered as if it did not exist; both kinds of refusal are kept for the audit log.
 */
function refusal(b: Batch, id: string, { mutation, changes }: Valid, existing: Working | undefined): MutationResult | null {
  const refuse = (reason: string) => {
    b.plan.refused.push({ mutationId: id, entity: mutation.entity, recordId: mutation.recordId, reason });
    return rejected(id, reason);
  };
  if (existing && !visible(b.actor, existing)) return refuse(unavailableReason);
  if (existing && existing.entity !== mutation.entity) return rejected(id, 'Dit record bestaat al als een ander soort gegeven.');
  if (!existing && mutation.kind === 'update') return rejected(id, unavailableReason);
  const schools = new Set<string>();
  if (existing) schools.add(existing.schoolId);
  if (typeof changes.schoolId === 'string') schools.add(changes.schoolId);
  for (const schoolId of schools) {
    const permission = canWriteRecord(b.actor, {
      entity: mutation.entity,
      schoolId,
      changes,
      kind: existing ? 'update' : 'create',
      current: existing ? { createdBy: existing.createdBy, values: existing.state.values } : undefined,
      pupilId: mutation.entity === 'pupil' ? mutation.recordId.toLowerCase() : pupilAfter(changes, existing),
    });
    if (!permission.ok) return refuse(permission.reason);
  }
  return null;
}

/** The record after this mutation: a new state, or the current one merged field by field. */
function merged(
  b: Batch,
  { mutation, changes }: Valid,
  existing: Working | undefined,
  seq: number,
): { next: MergeState; conflicts: Conflict[]; changed: string[] } {
  if (!existing) return { next: createState(changes, seq, b.writer), conflicts: [], changed: Object.keys(changes) };
  // A create for a record that already exists (same id pushed by another device) merges like an
  // update from base 0: every field the server has differs from the base.
  return mergeFields({
    current: existing.state,
    changes,
    baseVersion: mutation.kind === 'create' ? 0 : mutation.baseVersion,
    seq,
    writer: b.writer,
    at: b.now,
    newId: b.newId,
  });
}

/** Why the merged record may not be stored; null when it may. */
function invalidResult(b: Batch, { mutation, changes }: Valid, existing: Working | undefined, next: MergeState): string | null {
  // A record that names a pupil is at that pupil's school: otherwise it would show up in the audit
  // trail and timeline of another team's pupil. Checked when the pupil or school is set.
  if (
    mutation.entity !== 'pupil' &&
    typeof next.values.pupilId === 'string' &&
    (!existing || 'pupilId' in changes || 'schoolId' in changes)
  ) {
    const pupil = b.working.get(next.values.pupilId.toLowerCase());
    if (!pupil || pupil.entity !== 'pupil' || pupil.schoolId !== String(next.values.schoolId) || !visible(b.actor, pupil)) {
      return pupilElsewhereReason;
    }
  }
  // A child linked to a family is a pupil of the entry's school that the user may read; checked
  // for the pupils this write adds (an entry of another school cannot change, canWriteFamily).
  if (mutation.entity === 'family' && 'members' in changes) {
    const had = new Set(existing ? familyPupilIds(existing.state.values) : []);
    const members = Array.isArray(next.values.members) ? (next.values.members as { pupilId: string | null; schoolId: string }[]) : [];
    for (const m of members) {
      if (m.pupilId === null || had.has(m.pupilId)) continue;
      const pupil = b.working.get(m.pupilId.toLowerCase());
      if (!pupil || pupil.entity !== 'pupil' || pupil.schoolId !== m.schoolId || !visible(b.actor, pupil)) return pupilElsewhereReason;
    }
  }
  // A create's values are exactly what checkMutation validated against the full schema: checked
  // once. A merge can combine fields into a record no single mutation showed, so it is checked again.
  return existing ? checkMerged(mutation.entity, next.values) : null;
}

/**
 * Mark the open conflicts of this record that the mutation resolves; how many. Ids already resolved
 * (by another device) or of another record are ignored: resolving is idempotent and cannot touch
 * other records.
 */
function resolveConflicts(b: Batch, recordKey: string, resolveIds: readonly string[]): number {
  let resolved = 0;
  for (const conflictId of new Set(resolveIds.map((c) => c.toLowerCase()))) {
    if (b.open.get(conflictId) !== recordKey) continue;
    b.open.delete(conflictId);
    b.plan.resolved.push(conflictId);
    resolved++;
  }
  return resolved;
}

/** One mutation of the batch: its answer, with what it writes added to the batch's plan. */
function planMutation(b: Batch, id: string, check: Checked): MutationResult {
  if (!check.ok) return rejected(id, check.reason);
  const { mutation, resolveIds } = check;
  // I3: at most once, also within this batch (a mutation sent twice in one request).
  const seen = b.applied.get(id.toLowerCase());
  if (seen !== undefined) return { mutationId: id, status: 'duplicate', version: seen };

  const recordKey = mutation.recordId.toLowerCase();
  const existing = b.working.get(recordKey);
  const refused = refusal(b, id, check, existing);
  if (refused) return refused;

  const seq = placeholder(b.plan.seqCount);
  const { next, conflicts, changed } = merged(b, check, existing, seq);
  const problem = invalidResult(b, check, existing, next);
  if (problem) return rejected(id, problem);
  const resolved = existing ? resolveConflicts(b, recordKey, resolveIds) : 0;

  const touched = !existing || changed.length > 0 || conflicts.length > 0 || resolved > 0;
  // A mutation that changes nothing keeps the record's version and takes no seq.
  const version = touched ? seq : existing.version;
  if (touched) b.plan.seqCount++;
  if (!existing) {
    b.working.set(recordKey, {
      id: mutation.recordId,
      isNew: true,
      entity: mutation.entity,
      schoolId: String(next.values.schoolId),
      createdBy: b.actor.id,
      state: next,
      version,
      createdAt: mutation.createdAt,
      touchedAt: [mutation.createdAt],
      dirty: true,
    });
  } else if (touched) {
    existing.state = next;
    existing.schoolId = String(next.values.schoolId);
    existing.version = version;
    existing.touchedAt.push(mutation.createdAt);
    existing.dirty = true;
  }
  for (const c of conflicts) {
    b.plan.conflicts.push({ ...c, recordId: mutation.recordId, mutationId: id });
    b.open.set(c.id.toLowerCase(), recordKey);
  }
  const status = conflicts.length > 0 ? 'conflict' : 'applied';
  b.applied.set(id.toLowerCase(), version);
  b.plan.applied.push({
    mutationId: id,
    recordId: mutation.recordId,
    status,
    version,
    entity: mutation.entity,
    action: existing ? 'update' : 'create',
    fields: changed,
    conflicts: conflicts.length,
    resolved,
    pupilId: null,
  });
  return { mutationId: id, status, version };
}

/**
 * The same steps, in the same order, as applying the mutations one by one: a mutation sees the
 * result of every earlier one in the batch (same record: in order); a rejected one changes nothing.
 */
export function planBatch(input: PlanInput): Plan {
  const { actor, deviceId, now, newId } = input;
  const working = new Map<string, Working>();
  for (const [key, row] of input.records) {
    working.set(key, {
      id: row.id,
      isNew: false,
      entity: row.entity,
      schoolId: row.school_id,
      createdBy: row.created_by,
      dirty: false,
      state: { values: row.data, meta: decodeFieldVersions(row.field_versions, row.data) },
      version: Number(row.version),
      createdAt: null,
      touchedAt: [],
    });
  }
  const plan: Plan = { results: [], refused: [], seqCount: 0, records: [], applied: [], conflicts: [], resolved: [] };
  const batch: Batch = {
    actor,
    writer: { userId: actor.id, deviceId },
    now,
    newId,
    applied: new Map(input.applied),
    open: new Map(input.openConflicts),
    working,
    plan,
  };

  for (const { id, check } of input.items) plan.results.push(planMutation(batch, id, check));
  // The pupil as the record stands when the audit rows are written (after the whole batch), as the
  // audit trigger found it when it looked it up.
  for (const a of plan.applied) {
    const record = working.get(a.recordId.toLowerCase());
    a.pupilId = record ? pupilOf(a.entity, a.recordId, record.state.values) : null;
  }
  for (const w of working.values()) {
    if (!w.dirty) continue;
    const { schoolId: _s, createdBy: _c, dirty: _d, ...record } = w;
    plan.records.push(record);
  }
  return plan;
}

/** The plan with real seqs (ascending, `plan.seqCount` of them) in place of the placeholders. */
export function withSeqs(plan: Plan, seqs: readonly number[]): Plan {
  if (seqs.length !== plan.seqCount) throw new Error(`push: ${plan.seqCount} seqs needed, ${seqs.length} taken`);
  const real = (v: number): number => {
    if (v >= 0) return v;
    const seq = seqs[-v - 1];
    if (seq === undefined) throw new Error(`push: no seq for placeholder ${v}`);
    return seq;
  };
  const realMeta = (meta: Record<string, FieldMeta>) => {
    const out: Record<string, FieldMeta> = {};
    for (const field of Object.keys(meta)) {
      const m = meta[field]!;
      out[field] = m.v < 0 ? { v: real(m.v), by: m.by, dev: m.dev } : m;
    }
    return out;
  };
  return {
    ...plan,
    results: plan.results.map((r) => (r.version === undefined ? r : { ...r, version: real(r.version) })),
    records: plan.records.map((r) => ({ ...r, version: real(r.version), state: { values: r.state.values, meta: realMeta(r.state.meta) } })),
    applied: plan.applied.map((a) => ({ ...a, version: real(a.version) })),
  };
}
