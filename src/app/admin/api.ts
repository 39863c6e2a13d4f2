// The beheer and school-settings API of the central service, online only: users, roles, school
// membership and devices (beheerder), schools' presence days and team sharing (coordinator).
// Every call carries the session's access token; every failure becomes an AdminError in Dutch.
import type { Role } from '../../domain/permissions';
import { apiErrorSchema } from '../../sync/protocol';
import { settingsResponseSchema } from '../../sync/api/settings';
import type { VerzuimSettings } from '../../domain/verzuimprotocol';
import { accessToken } from '../auth/session';
import { db } from '../db/db';
import { SyncError } from '../sync/types';

export interface AdminSchool {
  id: string;
  name: string;
  kind: 'po' | 'vo' | 'so';
  place: string;
  /** 1 = Monday … 7 = Sunday */
  presenceDays: number[];
  /** The jeugdprofessionals of this school share their casework; when off, each sees only their own. */
  teamShares: boolean;
}

export interface AdminDevice {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
}

export interface AdminUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  schoolIds: string[];
  createdAt: string;
  /** The user chose a password (with an activation code, or the demo's). */
  activated: boolean;
  /** An activation code is open until then (null: none, or expired). */
  activationExpiresAt: string | null;
  secondFactor: { totp: boolean; passkeys: number };
  devices: AdminDevice[];
}

/** The beheerder never chooses a password: a new account gets an activation code instead. */
export interface NewUser {
  username: string;
  name: string;
  role: Role;
  schoolIds: string[];
}

/** Shown once to the beheerder, handed to the user, who chooses their password with it. */
export interface Activation {
  code: string;
  expiresAt: string;
}

export type UserChanges = Partial<Pick<NewUser, 'name' | 'role' | 'schoolIds'>>;
export type SchoolChanges = Partial<Pick<AdminSchool, 'name' | 'place' | 'presenceDays' | 'teamShares'>>;

export type AdminErrorKind = 'offline' | 'unauthorized' | 'forbidden' | 'invalid' | 'conflict' | 'not_found' | 'server';

/** A failed call: what kind, the service's Dutch message, and the message per form field. */
export class AdminError extends Error {
  constructor(
    readonly kind: AdminErrorKind,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly code = '',
  ) {
    super(message);
  }
}

export const offlineMessage = 'Beheer werkt alleen met verbinding';

/** "schoolIds.2" → "schoolIds": the field a detail belongs to. */
function fieldOf(path: string): string {
  return path.split('.')[0] || '_';
}

async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let token: string;
  try {
    token = await accessToken(db);
  } catch (e) {
    if (e instanceof SyncError && (e.kind === 'offline' || e.kind === 'server')) throw new AdminError(e.kind, e.kind === 'offline' ? offlineMessage : e.message);
    throw new AdminError('unauthorized', e instanceof Error ? e.message : 'Log opnieuw in');
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      cache: 'no-store',
    });
  } catch {
    throw new AdminError('offline', offlineMessage);
  }
  if (res.ok) return (await res.json()) as T;
  const parsed = apiErrorSchema.safeParse(await res.json().catch(() => null));
  const message = parsed.success ? parsed.data.message : `De centrale dienst antwoordde ${res.status}`;
  const code = parsed.success ? parsed.data.error : '';
  const fields: Record<string, string> = {};
  for (const d of parsed.success ? (parsed.data.details ?? []) : []) fields[fieldOf(d.path)] ??= d.message;
  if (code === 'username_taken') fields.username ??= message;
  if (code === 'own_role') fields.role ??= message;
  const kind: AdminErrorKind =
    res.status === 401 ? 'unauthorized'
    : res.status === 403 ? 'forbidden'
    : res.status === 404 ? 'not_found'
    : res.status === 409 ? 'conflict'
    : res.status >= 500 || res.status === 429 ? 'server'
    : 'invalid';
  throw new AdminError(kind, message, fields, code);
}

export async function listSchools(): Promise<AdminSchool[]> {
  return (await request<{ schools: AdminSchool[] }>('/api/schools')).schools;
}

export async function updateSchool(id: string, changes: SchoolChanges): Promise<AdminSchool> {
  return (await request<{ school: AdminSchool }>(`/api/schools/${id}`, { method: 'PATCH', body: changes })).school;
}

export async function listUsers(): Promise<AdminUser[]> {
  return (await request<{ users: AdminUser[] }>('/api/admin/users')).users;
}

export async function createUser(user: NewUser): Promise<{ user: AdminUser; activation: Activation }> {
  return request<{ user: AdminUser; activation: Activation }>('/api/admin/users', { method: 'POST', body: user });
}

/** Ends every session of the user and gives a new activation code. */
export async function resetPassword(id: string): Promise<{ user: AdminUser; activation: Activation }> {
  return request<{ user: AdminUser; activation: Activation }>(`/api/admin/users/${id}/reset-password`, { method: 'POST', body: {} });
}

/** Removes the user's passkeys and authenticator app: every device asks to set up a new one. */
export async function resetSecondFactor(id: string): Promise<AdminUser> {
  return (await request<{ user: AdminUser }>(`/api/admin/users/${id}/reset-second-factor`, { method: 'POST', body: {} })).user;
}

export async function updateUser(id: string, changes: UserChanges): Promise<AdminUser> {
  return (await request<{ user: AdminUser }>(`/api/admin/users/${id}`, { method: 'PATCH', body: changes })).user;
}

/** Lock a device out at its next contact; `userId` names whose log-in on that device. */
export async function revokeDevice(deviceId: string, userId: string): Promise<void> {
  await request(`/api/devices/${deviceId}/revoke?userId=${encodeURIComponent(userId)}`, { method: 'POST', body: {} });
}

/** The region's idle minutes before the app locks on every device. */
export async function getLockMinutes(): Promise<number> {
  return (await request<{ lockMinutes: number }>('/api/settings')).lockMinutes;
}

export async function setLockMinutes(lockMinutes: number): Promise<number> {
  return (await request<{ lockMinutes: number }>('/api/admin/settings', { method: 'PATCH', body: { lockMinutes } })).lockMinutes;
}

/** The region's numbers of the verzuimprotocol (GET /api/settings), parsed with the shared schema. */
export async function getVerzuimSettings(): Promise<VerzuimSettings> {
  return settingsResponseSchema.parse(await request<unknown>('/api/settings')).verzuim;
}

export async function setVerzuimSettings(verzuim: Partial<VerzuimSettings>): Promise<VerzuimSettings> {
  return settingsResponseSchema.parse(await request<unknown>('/api/admin/settings', { method: 'PATCH', body: { verzuim } })).verzuim;
}
