/// <reference lib="dom" />
// Plumbing for scaleout.pg.test.ts: a seedable RNG, a transport that records what crossed the wire,
// and both sides' state (Dexie tables, PostgreSQL tables) in one comparable shape.
import type { EntityName } from '../../src/domain';
import type { Mutation, MutationResult, PullResponse, PushResponse } from '../../src/sync/protocol';
import type { Queryable } from '../../src/server/store/db';
import { tableOf, type SchoolnabijDB } from '../../src/app/db/db';
import type { SyncTransport } from '../../src/app/sync/types';
import { seededRandom } from '../support/random';

export const rng = seededRandom;

export interface Wire {
  /** Every change this device pulled, in order. */
  pulled: { seq: number; id: string }[];
  /** Every answer the server gave this device's pushes. */
  results: MutationResult[];
}

/** A device's transport, recording what went over the wire. */
export class RecordingTransport implements SyncTransport {
  constructor(
    private readonly wire: Wire,
    private readonly http: SyncTransport,
  ) {}
  async push(mutations: Mutation[]): Promise<PushResponse> {
    const res = await this.http.push(mutations);
    this.wire.results.push(...res.results);
    return res;
  }
  async pull(cursor: string, limit: number): Promise<PullResponse> {
    const page = await this.http.pull(cursor, limit);
    for (const c of page.changes) this.wire.pulled.push({ seq: c.seq, id: String(c.record.id) });
    return page;
  }
}
const entities = Object.keys(tableOf) as EntityName[];

export async function deviceRecords(db: SchoolnabijDB) {
  const all: Record<string, unknown>[] = [];
  for (const entity of entities) {
    for (const r of (await db[tableOf[entity]].toArray()) as unknown as Record<string, unknown>[]) all.push({ entity, ...r });
  }
  return all.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

export async function deviceConflicts(db: SchoolnabijDB) {
  return (await db.conflicts.toArray()).sort((a, b) => a.id.localeCompare(b.id));
}

interface ServerRecord {
  id: string;
  entity: string;
  school_id: string;
  data: Record<string, unknown>;
  deleted: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** The records table in the device's shape (what a pull sends), limited to what sanne may read. */
export async function serverRecords(db: Queryable, schoolIds: string[]) {
  const { rows } = await db.query<ServerRecord>(
    `SELECT id, entity, school_id, data, deleted, version, created_by, created_at, updated_at
       FROM records WHERE school_id = ANY($1::uuid[])`,
    [schoolIds],
  );
  return rows
    .map(({ data: { schoolId: _s, deleted: _d, ...fields }, ...r }) => ({
      entity: r.entity,
      ...fields,
      id: r.id,
      schoolId: r.school_id,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      deleted: r.deleted,
      version: r.version,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export async function serverConflicts(db: Queryable, schoolIds: string[]) {
  const { rows } = await db.query<{
    id: string;
    record_id: string;
    entity: EntityName;
    field: string;
    value: unknown;
    by_user: string;
    at: Date;
  }>(
    `SELECT c.id, c.record_id, r.entity, c.field, c.value, c.by_user, c.at
       FROM conflicts c JOIN records r ON r.id = c.record_id
      WHERE c.resolved_at IS NULL AND r.school_id = ANY($1::uuid[])`,
    [schoolIds],
  );
  return rows
    .map((c) => ({
      id: c.id,
      recordId: c.record_id,
      entity: c.entity,
      field: c.field,
      value: c.value,
      by: c.by_user,
      at: c.at.toISOString(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
