// Users, their schools and devices as the routes need them.
import type { School } from '../../domain/school';
import type { Role } from '../../domain/permissions';
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
  const { rows } = await db.query<{ id: string; name: string; kind: School['kind']; place: string; presence_days: number[] }>(
    `SELECT s.id, s.name, s.kind, s.place, s.presence_days
       FROM schools s JOIN user_schools us ON us.school_id = s.id
      WHERE us.user_id = $1 ORDER BY s.name`,
    [userId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, place: r.place, presenceDays: r.presence_days }));
}

/** The log-in answer's `user`: who you are, the schools you work for, and the region's lock time. */
export async function publicUser(db: Queryable, user: UserRow) {
  return { id: user.id, name: user.display_name, role: user.role, schools: await schoolsOf(db, user.id), lockMinutes: await lockMinutes(db) };
}
