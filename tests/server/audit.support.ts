// Reading the audit log in server tests: the rows written after a point, as the database holds them.
import type { Db } from '../../src/server/store/db';
import { count } from './helpers';

export interface AuditRow {
  id: number;
  at: Date;
  user_id: string | null;
  device_id: string | null;
  role: string | null;
  action: string;
  entity: string | null;
  record_id: string | null;
  pupil_id: string | null;
  mutation_id: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

/** The id of the newest audit row (0 when there is none): what a test reads after. */
export const lastAuditId = (db: Db): Promise<number> => count(db, 'SELECT coalesce(max(id), 0)::int AS n FROM audit_log');

/** Every audit row after `id`, oldest first; only those of `action` when given. */
export async function auditRowsAfter(db: Db, id: number, action?: string): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT id, at, user_id, device_id, role, action, entity, record_id, pupil_id, mutation_id, ip, detail FROM audit_log
      WHERE id > $1 AND ($2::text IS NULL OR action = $2) ORDER BY id`,
    [id, action ?? null],
  );
  return rows;
}
