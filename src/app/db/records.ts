import Dexie, { type Table } from 'dexie';
import {
  baseFieldNames,
  entitySchemas,
  fieldErrors,
  type EntityInput,
  type EntityName,
  type EntityRecord,
  type FieldErrors,
} from '../../domain';
import type { OutboxEntry, SchoolnabijDB } from './db';
import { tableOf } from './db';
import { sealAhead } from '../perf/encryptAhead';

export class ValidationError extends Error {
  constructor(readonly fields: FieldErrors) {
    super('Controleer de gemarkeerde velden');
  }
}

export interface SaveContext {
  userId: string;
  schoolId: string;
  /** Removed in the same transaction as the save: a saved form leaves no stale draft. */
  draftKey?: string;
  now?: Date;
}

function table<E extends EntityName>(db: SchoolnabijDB, entity: E): Table<EntityRecord<E>, string> {
  return db[tableOf[entity]] as unknown as Table<EntityRecord<E>, string>;
}

function validateInput<E extends EntityName>(entity: E, input: unknown): EntityInput<E> {
  const parsed = entitySchemas[entity].input.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  return parsed.data as EntityInput<E>;
}

/** A new record and its `create` mutation, validated and built, not yet written. */
interface PreparedCreate<E extends EntityName> {
  entity: E;
  record: EntityRecord<E>;
  mutation: OutboxEntry;
}

/** Validates once (the input schema, then the whole record) and builds; the field errors otherwise. */
function prepareCreate<E extends EntityName>(entity: E, input: unknown, ctx: SaveContext): PreparedCreate<E> | FieldErrors {
  const parsed = entitySchemas[entity].input.safeParse(input);
  const errors = { ...schoolError(ctx.schoolId), ...(parsed.success ? {} : fieldErrors(parsed.error.issues)) };
  if (!parsed.success || Object.keys(errors).length) return errors;
  const fields = parsed.data as EntityInput<E>;
  const now = (ctx.now ?? new Date()).toISOString();
  const record = {
    ...fields,
    id: crypto.randomUUID(),
    schoolId: ctx.schoolId,
    createdBy: ctx.userId,
    createdAt: now,
    updatedAt: now,
    deleted: false,
    version: 0,
  } as EntityRecord<E>;
  const full = entitySchemas[entity].record.safeParse(record);
  if (!full.success) return fieldErrors(full.error.issues);
  const mutation: OutboxEntry = {
    id: crypto.randomUUID(),
    entity,
    recordId: record.id,
    kind: 'create',
    changes: { ...fields, schoolId: ctx.schoolId },
    baseVersion: 0,
    createdAt: now,
  };
  return { entity, record, mutation };
}

function isPrepared<E extends EntityName>(p: PreparedCreate<E> | FieldErrors): p is PreparedCreate<E> {
  return 'mutation' in p && typeof p.mutation === 'object';
}

/**
 * Encrypt what a save will write before its transaction opens (perf/encryptAhead.ts), so the
 * transaction itself does no asynchronous work but IndexedDB's. Inside an outer transaction an
 * await on WebCrypto would let IndexedDB commit it: there the middleware encrypts as usual.
 */
async function sealAheadOf(rows: readonly { table: string; row: unknown }[]): Promise<void> {
  if (Dexie.currentTransaction) return;
  await Promise.all(rows.map(({ table, row }) => sealAhead(table, [row])));
}

/**
 * Writes prepared creates and removes the form's draft, in one transaction, encrypted ahead of it.
 * Every request is placed at once, not one after the other's answer: IndexedDB runs them in order
 * within the transaction anyway, and each awaited answer is a task of its own on the main thread
 * (on a slow phone, tens of milliseconds).
 */
async function writeCreates(db: SchoolnabijDB, ps: readonly PreparedCreate<EntityName>[], draftKey: string | undefined): Promise<void> {
  await sealAheadOf(
    ps.flatMap((p) => [
      { table: tableOf[p.entity], row: p.record },
      { table: 'outbox', row: p.mutation },
    ]),
  );
  await db.transaction('rw', [...ps.map((p) => table(db, p.entity)), db.outbox, db.drafts], () =>
    Promise.all([
      ...ps.map((p) => table(db, p.entity).add(p.record)),
      draftKey ? db.drafts.delete(draftKey) : undefined,
      // Last: the outbox has a `creating` hook (the sync engine's "sync soon"), and Dexie runs a
      // hooked add under the transaction's write lock, so a request after it would wait for its answer.
      db.outbox.bulkAdd(ps.map((p) => p.mutation)),
    ]),
  );
}

/**
 * Create a record: validates, then writes the record and its `create` mutation in one Dexie
 * transaction (I2). Never touches the network.
 */
export async function createRecord<E extends EntityName>(
  db: SchoolnabijDB,
  entity: E,
  input: unknown,
  ctx: SaveContext,
): Promise<EntityRecord<E>> {
  const p = prepareCreate(entity, input, ctx);
  if (!isPrepared(p)) throw new ValidationError(p);
  await writeCreates(db, [p], ctx.draftKey);
  return p.record;
}

type UpdateContext = Omit<SaveContext, 'schoolId'> & { schoolId?: string; resolveConflicts?: string[] };

/**
 * A value as JSON with the keys of every object sorted. A pulled object comes back from the server's
 * jsonb with its keys in another order than the schema gives them: the same value, so no change to send
 * (a leerplichtambtenaar may not send the school's steps of a route, even unchanged).
 */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/**
 * What an update writes, computed from the stored record alone (no I/O): the next record and the
 * changed fields, or null when nothing changes. Called twice for a save: ahead of the transaction
 * (to encrypt ahead) and in it, on the record as it is then; equal plaintext finds its ciphertext.
 */
function planUpdate<E extends EntityName>(
  entity: E,
  current: EntityRecord<E>,
  patch: Record<string, unknown>,
  ctx: UpdateContext,
  now: string,
): { next: EntityRecord<E>; changes: Record<string, unknown> } | null {
  const editable = Object.fromEntries(Object.entries(current).filter(([k]) => !baseFieldNames.includes(k as never)));
  const isArchiveToggle = Object.keys(patch).length === 1 && 'deleted' in patch;
  const nextFields = isArchiveToggle ? editable : validateInput(entity, { ...editable, ...patch });
  const next = { ...current, ...nextFields } as Record<string, unknown>;
  if (ctx.schoolId) next.schoolId = ctx.schoolId;
  if (isArchiveToggle) next.deleted = Boolean(patch.deleted);

  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (k === 'updatedAt' || k === 'version' || k === 'createdAt' || k === 'createdBy' || k === 'id') continue;
    if (canonical(v) !== canonical((current as Record<string, unknown>)[k])) changes[k] = v;
  }
  // The user chose a value for these conflicts: the server drops them when this arrives (I7).
  if (ctx.resolveConflicts?.length) changes._resolveConflicts = ctx.resolveConflicts;
  if (Object.keys(changes).length === 0) return null;
  next.updatedAt = now;
  const checked = entitySchemas[entity].record.safeParse(next);
  if (!checked.success) throw new ValidationError(fieldErrors(checked.error.issues));
  return { next: checked.data as EntityRecord<E>, changes };
}

/**
 * Update a record: writes only the fields that changed, and appends an `update` mutation that
 * names them and the version the edit started from, in one transaction (I2). No change: no write.
 */
export async function updateRecord<E extends EntityName>(
  db: SchoolnabijDB,
  entity: E,
  id: string,
  patch: Record<string, unknown>,
  ctx: UpdateContext,
): Promise<EntityRecord<E>> {
  const t = table(db, entity);
  const resolving = ctx.resolveConflicts ?? [];
  const now = (ctx.now ?? new Date()).toISOString();
  const mutationOf = (current: EntityRecord<E>, changes: Record<string, unknown>): OutboxEntry => ({
    id: crypto.randomUUID(),
    entity,
    recordId: id,
    kind: 'update',
    changes,
    baseVersion: current.version,
    createdAt: now,
  });
  if (!Dexie.currentTransaction) {
    const before = await t.get(id);
    const plan = before && planUpdate(entity, before, patch, ctx, now);
    if (before && plan)
      await sealAheadOf([
        { table: tableOf[entity], row: plan.next },
        { table: 'outbox', row: mutationOf(before, plan.changes) },
      ]);
  }
  return db.transaction('rw', [t, db.outbox, db.drafts, db.conflicts], async () => {
    const current = await t.get(id);
    if (!current) throw new Error(`Record ${id} bestaat niet (meer) op dit toestel`);
    if (resolving.length) await db.conflicts.bulkDelete(resolving);
    const plan = planUpdate(entity, current, patch, ctx, now);
    if (!plan) {
      if (ctx.draftKey) await db.drafts.delete(ctx.draftKey);
      return current;
    }
    // The outbox last: see writeCreates.
    await Promise.all([
      t.put(plan.next),
      ctx.draftKey ? db.drafts.delete(ctx.draftKey) : undefined,
      db.outbox.add(mutationOf(current, plan.changes)),
    ]);
    return plan.next;
  });
}

/**
 * Archive (soft-delete) a record; it stays on the device and can be restored with undo. From its
 * edit form: `draftKey` removes the form's draft in the same transaction, or it comes back when the
 * record is opened again.
 */
export function archiveRecord<E extends EntityName>(db: SchoolnabijDB, entity: E, id: string, ctx: { userId: string; draftKey?: string }) {
  return updateRecord(db, entity, id, { deleted: true }, ctx);
}

export function restoreRecord<E extends EntityName>(db: SchoolnabijDB, entity: E, id: string, ctx: { userId: string }) {
  return updateRecord(db, entity, id, { deleted: false }, ctx);
}

function schoolError(schoolId: string): FieldErrors {
  return schoolId ? {} : { schoolId: 'Kies een school' };
}

/** Field errors of an input, without saving: lets a form check two records before writing either. */
export function checkInput(entity: EntityName, input: unknown): FieldErrors {
  const parsed = entitySchemas[entity].input.safeParse(input);
  return parsed.success ? {} : fieldErrors(parsed.error.issues);
}

/** Stands in for the id of a pupil that is made in the same save, to validate the other record. */
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Save a form that may also add a new pupil: both records and both mutations in one transaction,
 * so a pupil never appears without the signal it was added for (or the other way round).
 */
export async function saveWithOptionalPupil<E extends Exclude<EntityName, 'pupil'>>(
  db: SchoolnabijDB,
  entity: E,
  opts: {
    id?: string | undefined;
    input: Record<string, unknown>;
    newPupil?: Record<string, unknown> | undefined;
    ctx: SaveContext;
  },
): Promise<EntityRecord<E>> {
  const { id, input, newPupil, ctx } = opts;
  if (id) {
    const errors = {
      ...schoolError(ctx.schoolId),
      ...(newPupil ? checkInput('pupil', newPupil) : {}),
      ...checkInput(entity, newPupil ? { ...input, pupilId: PLACEHOLDER_ID } : input),
    };
    if (Object.keys(errors).length) throw new ValidationError(errors);
    if (!newPupil) return updateRecord(db, entity, id, input, ctx);
    return db.transaction('rw', [db.pupils, table(db, entity), db.outbox, db.drafts, db.conflicts], async () => {
      const pupil = await createRecord(db, 'pupil', newPupil, { ...ctx, draftKey: undefined });
      return updateRecord(db, entity, id, { ...input, pupilId: pupil.id }, ctx);
    });
  }
  // A new record, with or without a new pupil: both validated (all their errors at once), built and
  // encrypted before the one transaction that writes them.
  const pupil = newPupil ? prepareCreate('pupil', newPupil, { ...ctx, draftKey: undefined }) : null;
  const pupilId = pupil && isPrepared(pupil) ? pupil.record.id : PLACEHOLDER_ID;
  const record = prepareCreate(entity, pupil ? { ...input, pupilId } : input, ctx);
  if ((pupil && !isPrepared(pupil)) || !isPrepared(record)) {
    // In form order: the school, the new pupil's fields, then the record's.
    throw new ValidationError({
      ...schoolError(ctx.schoolId),
      ...(pupil && !isPrepared(pupil) ? pupil : {}),
      ...(isPrepared(record) ? {} : record),
    });
  }
  const prepared: PreparedCreate<EntityName>[] = pupil && isPrepared(pupil) ? [pupil, record] : [record];
  await writeCreates(db, prepared, ctx.draftKey);
  return record.record;
}
