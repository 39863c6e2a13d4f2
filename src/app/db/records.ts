import type { Table } from 'dexie';
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
  const errors = { ...checkInput(entity, input), ...schoolError(ctx.schoolId) };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const fields = validateInput(entity, input);
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
  if (!full.success) throw new ValidationError(fieldErrors(full.error.issues));
  const mutation: OutboxEntry = {
    id: crypto.randomUUID(),
    entity,
    recordId: record.id,
    kind: 'create',
    changes: { ...fields, schoolId: ctx.schoolId },
    baseVersion: 0,
    createdAt: now,
  };
  await db.transaction('rw', [table(db, entity), db.outbox, db.drafts], async () => {
    await table(db, entity).add(record);
    await db.outbox.add(mutation);
    if (ctx.draftKey) await db.drafts.delete(ctx.draftKey);
  });
  return record;
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
  ctx: Omit<SaveContext, 'schoolId'> & { schoolId?: string; resolveConflicts?: string[] },
): Promise<EntityRecord<E>> {
  const t = table(db, entity);
  const resolving = ctx.resolveConflicts ?? [];
  return db.transaction('rw', [t, db.outbox, db.drafts, db.conflicts], async () => {
    const current = await t.get(id);
    if (!current) throw new Error(`Record ${id} bestaat niet (meer) op dit toestel`);
    const editable = Object.fromEntries(
      Object.entries(current).filter(([k]) => !baseFieldNames.includes(k as never)),
    );
    const isArchiveToggle = Object.keys(patch).length === 1 && 'deleted' in patch;
    const nextFields = isArchiveToggle ? editable : validateInput(entity, { ...editable, ...patch });
    const next = { ...current, ...nextFields } as Record<string, unknown>;
    if (ctx.schoolId) next.schoolId = ctx.schoolId;
    if (isArchiveToggle) next.deleted = Boolean(patch.deleted);

    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(next)) {
      if (k === 'updatedAt' || k === 'version' || k === 'createdAt' || k === 'createdBy' || k === 'id') continue;
      if (JSON.stringify(v) !== JSON.stringify((current as Record<string, unknown>)[k])) changes[k] = v;
    }
    if (resolving.length) {
      // The user chose a value for these conflicts: the server drops them when this arrives (I7).
      changes._resolveConflicts = resolving;
      await db.conflicts.bulkDelete(resolving);
    }
    if (Object.keys(changes).length === 0) {
      if (ctx.draftKey) await db.drafts.delete(ctx.draftKey);
      return current;
    }
    const now = (ctx.now ?? new Date()).toISOString();
    next.updatedAt = now;
    const checked = entitySchemas[entity].record.safeParse(next);
    if (!checked.success) throw new ValidationError(fieldErrors(checked.error.issues));
    await t.put(checked.data as EntityRecord<E>);
    await db.outbox.add({
      id: crypto.randomUUID(),
      entity,
      recordId: id,
      kind: 'update',
      changes,
      baseVersion: current.version,
      createdAt: now,
    });
    if (ctx.draftKey) await db.drafts.delete(ctx.draftKey);
    return checked.data as EntityRecord<E>;
  });
}

/** Archive (soft-delete) a record; it stays on the device and can be restored with undo. */
export function archiveRecord<E extends EntityName>(db: SchoolnabijDB, entity: E, id: string, ctx: { userId: string }) {
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
  const placeholder = '00000000-0000-4000-8000-000000000000';
  const errors = {
    ...schoolError(ctx.schoolId),
    ...(newPupil ? checkInput('pupil', newPupil) : {}),
    ...checkInput(entity, newPupil ? { ...input, pupilId: placeholder } : input),
  };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction('rw', [db.pupils, table(db, entity), db.outbox, db.drafts, db.conflicts], async () => {
    let full = input;
    if (newPupil) {
      const pupil = await createRecord(db, 'pupil', newPupil, { ...ctx, draftKey: undefined });
      full = { ...input, pupilId: pupil.id };
    }
    return id ? updateRecord(db, entity, id, full, ctx) : createRecord(db, entity, full, ctx);
  });
}
