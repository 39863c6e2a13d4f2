// Users, their schools and devices as the routes need them.
import type { Area } from '../../domain/area';
import type { School } from '../../domain/school';
import { keepsDossiers, seesAllSchools, type Role } from '../../domain/permissions';
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
  const { rows } = await db.query<UserRow>(
    'SELECT id, username, display_name, password_hash, role, second_factor_exempt FROM users WHERE id = $1',
    [id],
  );
  return rows[0];
}

export async function schoolsOf(db: Queryable, userId: string): Promise<School[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    kind: School['kind'];
    place: string;
    presence_days: number[];
    gemeente_id: string | null;
  }>(
    // A leerplichtambtenaar's schools are those of their gemeenten (authenticate.ts, the same rule).
    `SELECT s.id, s.name, s.kind, s.place, s.presence_days, s.gemeente_id FROM schools s
      WHERE s.id IN (SELECT us.school_id FROM user_schools us WHERE us.user_id = $1)
         OR s.gemeente_id IN (SELECT ug.area_id FROM user_gemeenten ug WHERE ug.user_id = $1)
      ORDER BY s.name`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    place: r.place,
    presenceDays: r.presence_days,
    ...(r.gemeente_id ? { gemeenteId: r.gemeente_id } : {}),
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
         OR a.id IN (SELECT ug.area_id FROM user_gemeenten ug WHERE ug.user_id = $1)
      ORDER BY a.kind DESC, a.name`,
    [user.id, seesAllSchools(user.role)],
  );
  return rows;
}

export interface Colleague {
  id: string;
  name: string;
  /** The schools both work for whose team shares dossiers: where each reads the other's records. */
  schoolIds: string[];
}

/**
 * The other jeugdprofessionals whose records this user reads (a school both work for, with
 * "Team deelt dossiers" on), so a timeline card can say who recorded it, offline too. Only names:
 * what the user already sees on those records' authors. Other roles read no records: none.
 */
export async function colleaguesOf(db: Queryable, user: Pick<UserRow, 'id' | 'role'>): Promise<Colleague[]> {
  if (!keepsDossiers(user.role)) return [];
  const { rows } = await db.query<{ id: string; name: string; school_ids: string[] }>(
    `SELECT u.id, u.display_name AS name, jsonb_agg(DISTINCT mine.school_id) AS school_ids
       FROM user_schools mine
       JOIN schools s ON s.id = mine.school_id AND s.team_shares
       JOIN user_schools theirs ON theirs.school_id = mine.school_id AND theirs.user_id <> mine.user_id
       JOIN users u ON u.id = theirs.user_id AND u.role = 'jeugdprofessional'
      WHERE mine.user_id = $1
      GROUP BY u.id, u.display_name
      ORDER BY u.display_name`,
    [user.id],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, schoolIds: [...r.school_ids].sort() }));
}

/**
 * The log-in answer's `user`: who you are, the schools you work for, the colleagues whose records you
 * read, and the region's lock time.
 */
export async function publicUser(db: Queryable, user: UserRow) {
  return {
    id: user.id,
    name: user.display_name,
    role: user.role,
    schools: await schoolsOf(db, user.id),
    areas: await areasOf(db, user),
    colleagues: await colleaguesOf(db, user),
    lockMinutes: await lockMinutes(db),
  };
}
