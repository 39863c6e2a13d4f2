// Checks one pushed mutation with the shared domain schemas before anything is written.
import * as z from 'zod/mini';
import { entitySchemas, type EntityName } from '../../domain/entities';
import { mutationSchema, type Mutation } from '../../sync/protocol';
import { RESOLVE_KEY } from '../../sync/merge';

export type Checked =
  { ok: true; mutation: Mutation; changes: Record<string, unknown>; resolveIds: string[] } | { ok: false; reason: string };

const mutationKeys = new Set(Object.keys(mutationSchema.def.shape));
const resolveSchema = z.array(z.uuid()).check(z.maxLength(100));
const deletedSchema = z.boolean();
const schoolIdSchema = z.uuid({ error: 'Ongeldige school' });

type FieldSchema = z.ZodMiniType;

function inputShape(entity: EntityName): Record<string, FieldSchema> {
  return entitySchemas[entity].input.def.shape as Record<string, FieldSchema>;
}

function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix?: string): string {
  const issue = issues[0];
  if (!issue) return 'Ongeldige invoer';
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Validates a mutation that already has a valid id. A problem becomes a `rejected` result for that
 * mutation only (with a Dutch reason the device shows), so one bad mutation never blocks a batch.
 */
export function checkMutation(raw: Record<string, unknown>): Checked {
  const unknownKey = Object.keys(raw).find((k) => !mutationKeys.has(k));
  if (unknownKey) return { ok: false, reason: `Onbekend veld in de mutatie: ${unknownKey}` };
  const parsed = mutationSchema.safeParse(raw);
  if (!parsed.success) {
    // A field inside `changes` is named as the entity schemas name it ("description: …").
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === 'changes' && issue.path.length > 1)
      return { ok: false, reason: firstIssue([{ ...issue, path: issue.path.slice(1) }]) };
    return { ok: false, reason: `Ongeldige mutatie: ${firstIssue(parsed.error.issues)}` };
  }
  const mutation = parsed.data;
  const shape = inputShape(mutation.entity);
  const input = mutation.changes;

  if (mutation.kind === 'create') {
    // A create carries every user field plus schoolId; nothing else. (Copied key by key: rest
    // destructuring was a measurable part of validating a batch.)
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (key === 'schoolId') continue;
      if (!Object.hasOwn(shape, key)) return { ok: false, reason: `Onbekend veld: ${key}` };
      fields[key] = input[key];
    }
    const school = schoolIdSchema.safeParse(input.schoolId);
    if (!school.success) return { ok: false, reason: 'schoolId: Kies een school' };
    const full = entitySchemas[mutation.entity].input.safeParse(fields);
    if (!full.success) return { ok: false, reason: firstIssue(full.error.issues) };
    return { ok: true, mutation, changes: { ...(full.data as object), schoolId: school.data, deleted: false }, resolveIds: [] };
  }

  // An update names only the fields it changed; each is checked against that field's own schema.
  const changes: Record<string, unknown> = {};
  let resolveIds: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === RESOLVE_KEY) {
      const ids = resolveSchema.safeParse(value);
      if (!ids.success) return { ok: false, reason: `${RESOLVE_KEY}: verwacht een lijst met conflict-id's` };
      resolveIds = ids.data;
      continue;
    }
    const schema: FieldSchema | undefined =
      key === 'deleted' ? deletedSchema : key === 'schoolId' ? schoolIdSchema : Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!schema) return { ok: false, reason: `Onbekend veld: ${key}` };
    const field = schema.safeParse(value);
    if (!field.success) return { ok: false, reason: firstIssue(field.error.issues, key) };
    changes[key] = field.data;
  }
  return { ok: true, mutation, changes, resolveIds };
}

/** The whole merged record must still satisfy its schema (catches nothing today; guards tomorrow). */
export function checkMerged(entity: EntityName, values: Record<string, unknown>): string | null {
  const { schoolId: _s, deleted: _d, ...fields } = values;
  const full = entitySchemas[entity].input.safeParse(fields);
  return full.success ? null : firstIssue(full.error.issues);
}
