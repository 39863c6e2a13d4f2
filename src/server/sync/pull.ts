// Reads the change stream after a cursor, only what the user may see.
import { readScope, scopeKey, type Actor, type ReadClause } from '../../domain/permissions';
import type { EntityName } from '../../domain/entities';
import type { Change, PullResponse } from '../../sync/protocol';
import type { Queryable } from '../store/db';

interface PullRow {
  id: string;
  entity: EntityName;
  school_id: string;
  data: Record<string, unknown>;
  deleted: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  purged_at: Date | null;
  /** The record's open conflicts, oldest first; null when it has none. */
  conflicts: { id: string; field: string; value: unknown; by: string; at: string }[] | null;
}

/** The cursor is the last seq the device has seen, as a decimal string ("0" = from the start). */
export function parseCursor(cursor: string): number | null {
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : null;
}

/**
 * The record as a device stores it: user fields plus the base fields of recordBaseShape. Built in JS:
 * measured on PGlite, building the same object in SQL (jsonb operators, to_char) made a page of 1000
 * twice as slow as letting the driver parse `data` and copying it here (and to_char for the dates
 * was slower than the driver's Date and toISOString). Copied key by key: rest destructuring and spread
 * made this (with the JSON.stringify after it) 3-4 times slower, ~100 ms per 10,000 records.
 */
export function toRecord(row: PullRow): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const data = row.data;
  for (const key of Object.keys(data)) if (key !== 'schoolId' && key !== 'deleted') record[key] = data[key];
  record.id = row.id;
  record.schoolId = row.school_id;
  record.createdBy = row.created_by;
  record.createdAt = new Date(row.created_at).toISOString();
  record.updatedAt = new Date(row.updated_at).toISOString();
  record.deleted = row.deleted;
  record.version = Number(row.version);
  return record;
}

/**
 * `remaining`: how many changes the device may still expect, for a progress bar only; never used to
 * decide anything (the client pages on `hasMore`). Exact on the last page (this page), and on the
 * first page of a pull from the start (cursor 0, the big initial sync: one count per device, not
 * one per page). Otherwise an estimate without a count: the share of seqs in this page's range
 * (cursor, last] the user may see, extrapolated to the newest seq; at least one more than the page.
 */
async function remainingAfter(db: Queryable, filter: string, params: unknown[], cursor: number, page: PullRow[]): Promise<number> {
  if (cursor === 0) {
    const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM records WHERE ${filter}`, params);
    return Number(count.rows[0]?.n ?? page.length);
  }
  const top = await db.query<{ top: number }>('SELECT max(version) AS top FROM records');
  const last = Number(page.at(-1)?.version ?? cursor);
  const beyond = Math.max(0, Number(top.rows[0]?.top ?? last) - last);
  const density = page.length / Math.max(1, last - cursor);
  return page.length + Math.max(1, Math.round(beyond * Math.min(1, density)));
}

/**
 * `version > cursor AND (clause OR clause …)`, one parameterised clause per ReadClause: the SQL twin
 * of canReadRecord. Parameters: $1 cursor, then per clause entities (text[]), schools (uuid[]),
 * when the clause is limited to own records the user id, and when to some pupils their ids.
 */
export function scopeFilter(scope: readonly ReadClause[], cursor: number): { filter: string; params: unknown[] } {
  const params: unknown[] = [cursor];
  const next = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // `= ANY(array)`, not `IN (SELECT jsonb_array_elements_text(…))`: the planner sees the values
  // (ScalarArrayOp) and can use records_entity_school_version, where a sub-select hid them from it.
  const clauses = scope.map((c) => {
    const parts = [
      `entity = ANY(${next([...c.entities])}::text[])`,
      // A family is read through the schools of its members (readsFamily): few rows, so a look
      // into each one's members instead of an index.
      c.viaMembers
        ? `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(data -> 'members') = 'array' THEN data -> 'members' ELSE '[]'::jsonb END) m
                    WHERE m ->> 'schoolId' = ANY(${next([...c.schoolIds])}::text[]))`
        : `school_id = ANY(${next([...c.schoolIds])}::uuid[])`,
    ];
    if (c.createdBy !== undefined) parts.push(`created_by = ${next(c.createdBy)}::uuid`);
    // Break-the-glass: one pupil's records (the same test as subjectOf in audit/log.ts).
    if (c.pupilId !== undefined) parts.push(`(id = ${next(c.pupilId)}::uuid OR data ->> 'pupilId' = ${next(c.pupilId)})`);
    // The pupil a record is about, as audit/log.ts pupilOf says: a purged record (data emptied) has none.
    if (c.pupilIds !== undefined) {
      parts.push(`(CASE WHEN entity = 'pupil' THEN id::text ELSE lower(data->>'pupilId') END) = ANY(${next([...c.pupilIds])}::text[])`);
    }
    return `(${parts.join(' AND ')})`;
  });
  return { filter: `version > $1 AND (${clauses.join(' OR ')})`, params };
}

/**
 * Changes with seq > cursor in seq order. Because a record's `version` is its last change seq, a record
 * changed many times appears once, at its latest seq: a device always gets current state. I4 makes it
 * safe to move the cursor to the last seq returned: no lower seq can commit later.
 */
export async function pull(db: Queryable, actor: Actor, cursor: number, limit: number): Promise<PullResponse> {
  const scope = readScope(actor);
  if (scope.length === 0) {
    return { changes: [], cursor: String(cursor), hasMore: false, remaining: 0, scopeKey: scopeKey(actor) };
  }
  const { filter, params } = scopeFilter(scope, cursor);
  const { rows } = await db.query<PullRow>(
    // Open conflicts in the same statement: one round trip per page, not two.
    `SELECT id, entity, school_id, data, deleted, version, created_by, created_at, updated_at, purged_at,
            (SELECT jsonb_agg(jsonb_build_object('id', c.id, 'field', c.field, 'value', c.value, 'by', c.by_user, 'at', c.at)
                              ORDER BY c.at, c.id)
               FROM conflicts c WHERE c.resolved_at IS NULL AND c.record_id = records.id) AS conflicts
       FROM records WHERE ${filter} ORDER BY version LIMIT ${'$' + (params.length + 1)}`,
    [...params, limit + 1],
  );
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const remaining = hasMore ? await remainingAfter(db, filter, params, cursor, page) : page.length;

  const changes: Change[] = page.map((row) => ({
    seq: Number(row.version),
    entity: row.entity,
    record: toRecord(row),
    conflicts: (row.conflicts ?? []).map((c) => ({ id: c.id, field: c.field, value: c.value, by: c.by, at: new Date(c.at).toISOString() })),
    ...(row.purged_at ? { purged: true as const } : {}),
  }));
  const last = changes.at(-1);
  return { changes, cursor: String(last ? last.seq : cursor), hasMore, remaining, scopeKey: scopeKey(actor) };
}
