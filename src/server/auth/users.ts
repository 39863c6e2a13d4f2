// Users, their schools and devices as the routes need them.
import type { Area } from '../../domain/area';
import type { School } from '../../domain/school';
import { seesAllSchools, type Role } from '../../domain/permissions';
import type { Queryable } from '../store/db';
import { lockMinutes } from './lockSetting';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  /** Null until the user chose a password with an activation code. */
  password_hash: string | null;
  role: Role;
  /** Demo accounts only (set by the demo seed): log in without a second factor. */
  second_factor_exempt: boolean;
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    'SELECT id, username, display_name, password_hash, role, second_factor_exempt FROM users WHERE username = $1',
    [username.trim().toLowerCase()],
  );
  return rows[0];
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('SELECT id, username, display_name, password_hash, role, second_factor_exempt FROM users WHERE id = $1', [id]);
  return rows[0];
}

export async function schoolsOf(db: Queryable, userId: string): Promise<School[]> {
  const { rows } = await db.query<{ id: string; name: string; kind: School['kind']; place: string; presence_days: number[]; gemeente_id: string | null }>(
    `SELECT s.id, s.name, s.kind, s.place, s.presence_days, s.gemeente_id
       FROM schools s JOIN user_schools us ON us.school_id = s.id
      WHERE us.user_id = $1 ORDER BY s.name`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind, place: r.place, presenceDays: r.presence_days, ...(r.gemeente_id ? { gemeenteId: r.gemeente_id } : {}),
  }));
}

/**
 * The areas whose regional wie-is-wie the user reads, by the rule of authenticate.ts (Actor.areaIds):
 * the samenwerkingsverband and the gemeenten of their schools; all of them for coordinator and beheerder.
 */
export async function areasOf(db: Queryable, user: Pick<UserRow, 'id' | 'role'>): Promise<Area[]> {
  const { rows } = await db.query<Area>(
    `SELECT a.id, a.kind, a.name FROM areas a
      WHERE a.kind = 'swv' OR $2::boolean
         OR a.id IN (SELECT s.gemeente_id FROM user_schools us JOIN schools s ON s.id = us.school_id WHERE us.user_id = $1)
      ORDER BY a.kind DESC, a.name`,
    [user.id, seesAllSchools(user.role)],
  );
  return rows;
}

/** The log-in answer's `user`: who you are, the schools you work for, and the region's lock time. */
export async function publicUser(db: Queryable, user: UserRow) {
  return {
    id: user.id, name: user.display_name, role: user.role, schools: await schoolsOf(db, user.id), areas: await areasOf(db, user),
    lockMinutes: await lockMinutes(db),
  };
}
