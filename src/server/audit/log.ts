// The audit log (NEN 7513): who did what with which pupil's data, when, from which device and
// address. Append-only (005_audit_retention_lockout.sql refuses UPDATE, DELETE and TRUNCATE by a
// trigger). The writers name the role and the pupil; what a row lacks, the trigger audit_log_fill fills in
// from users and records (005, and 006: it runs only for such rows).
import type { AuditAction } from '../../domain/audit';
import type { Change } from '../../sync/protocol';
import { familyPupilIds } from '../../domain/family';
import type { Queryable } from '../store/db';
import type { Grant } from '../../domain/permissions';

/** `{ breakGlass: grant id }` when the pupil is reached through a grant (docs/rights.md), else nothing. */
export function breakGlass(grants: readonly Grant[] | undefined, pupilId: string | null): { breakGlass?: string } {
  const grant = pupilId ? grants?.find((g) => g.pupilId === pupilId.toLowerCase()) : undefined;
  return grant ? { breakGlass: grant.id } : {};
}

export type { AuditAction };

export interface AuditEntry {
  userId: string | null;
  /** The user's role now (the session's actor). Left out: the trigger looks it up per row. */
  role?: string | null;
  deviceId?: string | null;
  action: AuditAction;
  entity?: string | null;
  recordId?: string | null;
  pupilId?: string | null;
  onBehalfOf?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
  /** When it happened, if not now (a view event recorded offline on a device). */
  at?: string;
}

const COLUMNS =
  'at timestamptz, user_id uuid, role text, device_id uuid, action text, entity text, record_id uuid, pupil_id uuid, on_behalf_of text, ip text, detail jsonb';

/**
 * Writes audit rows in one statement (INSERT … SELECT from one jsonb parameter), in order. Every
 * audit row of a route goes through here, with an action of the closed list (domain/audit.ts).
 */
export async function writeAudit(db: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const { sql, params } = auditStatement(entries);
  await db.query(sql, params);
}

/** writeAudit's statement, for a writer that sends several statements in one round trip (push.ts). */
export function auditStatement(entries: readonly AuditEntry[]): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO audit_log (at, user_id, role, device_id, action, entity, record_id, pupil_id, on_behalf_of, ip, detail)
     SELECT coalesce(x.at, now()), x.user_id, x.role, x.device_id, x.action, x.entity, x.record_id, x.pupil_id, x.on_behalf_of, x.ip, x.detail
       FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS}, i int)
      ORDER BY x.i`,
    params: [JSON.stringify(entries.map((e, i) => ({ ...toRow(e), i })))],
  };
}

const toRow = (e: AuditEntry) => ({
  at: e.at ?? null,
  user_id: e.userId,
  role: e.role ?? null,
  device_id: e.deviceId ?? null,
  action: e.action,
  entity: e.entity ?? null,
  record_id: e.recordId ?? null,
  pupil_id: e.pupilId ?? null,
  on_behalf_of: e.onBehalfOf ?? null,
  ip: e.ip ?? null,
  detail: e.detail ?? null,
});

/** The pupil a record is about: the pupil record itself, or the pupil its `pupilId` names (null: none). */
export function pupilOf(entity: string, recordId: string, values: Record<string, unknown>): string | null {
  if (entity === 'pupil') return recordId;
  return typeof values.pupilId === 'string' ? values.pupilId : null;
}

/**
 * The pupil a pulled record is about: the pupil record itself, or the pupilId of a signal, contact,
 * consultation, Meldcode trajectory or private note (null when anonymous). A consultatievraag names
 * no pupil record (only initials as the school knows them): it is its own subject when it is not
 * anonymous. The directory (contactPerson) is not about pupils. A purged record carries no data.
 */
export function subjectOf(change: Change): { pupilId: string | null; key: string } | null {
  const r = change.record;
  if (change.purged) return null;
  if (change.entity === 'contactPerson') return null;
  if (change.entity === 'consultationRequest') return r.anonymous === true ? null : { pupilId: null, key: `request:${String(r.id)}` };
  const pupilId = pupilOf(change.entity, String(r.id), r);
  return pupilId ? { pupilId, key: `pupil:${pupilId}` } : null;
}

/**
 * Every subject of a pulled record: a family tells who belongs together, so its read is a read about
 * each child it names (also a child at a school the reader cannot see: she learns it exists).
 */
export function subjectsOf(change: Change): { pupilId: string | null; key: string }[] {
  if (change.entity === 'family' && !change.purged) {
    return familyPupilIds(change.record).map((pupilId) => ({ pupilId, key: `pupil:${pupilId}` }));
  }
  const one = subjectOf(change);
  return one ? [one] : [];
}

/**
 * A pull answer's read rows: one per pupil concerned (pupil_id = that pupil, detail the ids of the
 * records returned about them; record_id stays for the rows about one record), plus one per named
 * consultatievraag (record_id = the request). One statement.
 */
export async function auditPulledReads(
  db: Queryable,
  who: { userId: string; role: string; deviceId: string; ip?: string; grants?: readonly Grant[] },
  changes: readonly Change[],
): Promise<number> {
  const groups = new Map<string, { pupilId: string | null; entity: string; recordId: string | null; records: string[] }>();
  for (const change of changes)
    for (const subject of subjectsOf(change)) {
      const id = String(change.record.id);
      const group = groups.get(subject.key);
      if (group) group.records.push(id);
      else {
        groups.set(
          subject.key,
          subject.pupilId
            ? { pupilId: subject.pupilId, entity: 'pupil', recordId: null, records: [id] }
            : { pupilId: null, entity: change.entity, recordId: id, records: [id] },
        );
      }
    }
  await writeAudit(
    db,
    [...groups.values()].map((g) => ({
      userId: who.userId,
      role: who.role,
      deviceId: who.deviceId,
      ip: who.ip ?? null,
      action: 'read' as const,
      entity: g.entity,
      recordId: g.recordId,
      pupilId: g.pupilId,
      detail: { via: 'pull', records: g.records, ...breakGlass(who.grants, g.pupilId) },
    })),
  );
  return groups.size;
}
