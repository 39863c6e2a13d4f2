// The field-level three-way merge of one mutation into the server's current record. Pure: the
// server runs it inside its transaction; tests run it thousands of times without a database.
import type { Conflict } from './protocol';

/** The key of an update's `changes` that names conflicts the user resolved (ids of kept values). */
export const RESOLVE_KEY = '_resolveConflicts';

/** Who wrote a field's current value, and at which change seq. */
export interface FieldMeta {
  /** The change seq at which the field last changed. */
  v: number;
  /** User id of the writer (shown as `Conflict.by` when this value loses). */
  by: string;
  /** Device id of the writer: a device never conflicts with its own earlier writes (MG2). */
  dev: string;
}

/** A record as the merge sees it: flat values (user fields, schoolId, deleted) and their metadata. */
export interface MergeState {
  values: Record<string, unknown>;
  meta: Record<string, FieldMeta>;
}

export interface MergeWriter {
  userId: string;
  deviceId: string;
}

export interface MergeInput {
  current: MergeState;
  /** The mutation's changed fields with their new values (without RESOLVE_KEY). */
  changes: Record<string, unknown>;
  baseVersion: number;
  /** The change seq this write will be stored at. */
  seq: number;
  writer: MergeWriter;
  /** ISO timestamp for new conflicts. */
  at: string;
  newId: () => string;
}

export interface MergeResult {
  next: MergeState;
  /** Fields whose value changed. */
  changed: string[];
  /** Values kept because they lost a conflict (I7). */
  conflicts: Conflict[];
}

/**
 * Merge rules (numbered; tests/unit/merge.test.ts refers to them):
 *  MG1 A field the mutation does not name keeps the server value: different fields merge cleanly.
 *  MG2 A field "changed since base" is one whose last change seq is above the mutation's baseVersion
 *     and that was written by another device. A device's own earlier writes are never a conflict:
 *     its outbox is ordered, so every later mutation was made on top of them (this matters for
 *     records created and edited offline, whose mutations all carry baseVersion 0).
 *  MG3 A field the mutation sets to the value the server already has is not a change and no conflict.
 *  MG4 Same field changed since base on the server and by the mutation to a different value: the
 *     incoming value (the later arrival) wins, the server's previous value is kept as a Conflict.
 *  MG5 Delete vs edit, the edit stays visible: an incoming `deleted: true` on a record that another
 *     device edited since the base is not applied; the deletion is kept as a Conflict on `deleted`
 *     (here the kept value is the incoming one, written by this mutation's user).
 *  MG6 Edit vs delete, the edit stays visible: an incoming edit on a record another device deleted
 *     since the base undeletes it; the deletion is kept as a Conflict on `deleted`.
 */
export function mergeFields(input: MergeInput): MergeResult {
  const { current, changes, baseVersion, seq, writer, at, newId } = input;
  const values = { ...current.values };
  const meta = { ...current.meta };
  const changed: string[] = [];
  const conflicts: Conflict[] = [];
  const mine: FieldMeta = { v: seq, by: writer.userId, dev: writer.deviceId };

  const changedSinceBase = (field: string): boolean => {
    const m = current.meta[field];
    return m !== undefined && m.v > baseVersion && m.dev !== writer.deviceId; // MG2
  };
  const set = (field: string, value: unknown) => {
    values[field] = value;
    meta[field] = mine;
    changed.push(field);
  };
  const keep = (field: string, value: unknown, by: string) => {
    conflicts.push({ id: newId(), field, value, by, at });
  };

  const wasDeleted = current.values.deleted === true;
  const editedSinceBase = Object.keys(current.meta).some((f) => f !== 'deleted' && changedSinceBase(f));

  for (const [field, value] of Object.entries(changes)) {
    const old = current.values[field];
    if (field in current.values && sameValue(old, value)) continue; // MG3
    if (field === 'deleted' && value === true && editedSinceBase) {
      keep('deleted', true, writer.userId); // MG5
      continue;
    }
    if (changedSinceBase(field)) keep(field, old, current.meta[field]?.by ?? ''); // MG4
    set(field, value);
  }

  const editsOtherFields = changed.some((f) => f !== 'deleted');
  if (wasDeleted && !('deleted' in changes) && editsOtherFields && changedSinceBase('deleted')) {
    keep('deleted', true, current.meta.deleted?.by ?? ''); // MG6
    set('deleted', false);
  }

  return { next: { values, meta }, changed, conflicts };
}

/** The state of a newly created record: every field written by the creator at `seq`. */
export function createState(values: Record<string, unknown>, seq: number, writer: MergeWriter): MergeState {
  const meta: Record<string, FieldMeta> = {};
  for (const field of Object.keys(values)) meta[field] = { v: seq, by: writer.userId, dev: writer.deviceId };
  return { values: { ...values }, meta };
}

/** Values are JSON (strings, numbers, booleans, null, small arrays): compare them as JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
