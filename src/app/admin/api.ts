// The beheer and school-settings API of the central service, online only: users, roles, school
// membership and devices (beheerder), schools' presence days and team sharing (coordinator).
// Every call goes through the app's API client: the contracts in src/sync/api/ type and check
// each reply, and a failure is an ApiError in Dutch with its message per form field.
import {
  userResponseSchema,
  userWithActivationSchema,
  usersResponseSchema,
  type Activation,
  type AdminDevice,
  type AdminUser,
  type NewUser,
  type UserChanges,
} from '../../sync/api/admin';
import { okResponseSchema } from '../../sync/api/common';
import { schoolResponseSchema, schoolsResponseSchema, type AdminSchool, type SchoolChanges } from '../../sync/api/schools';
import { settingsResponseSchema } from '../../sync/api/settings';
import type { VerzuimSettings } from '../../domain/verzuimprotocol';
import { ApiError, apiRequest } from '../api/client';

export type { Activation, AdminDevice, AdminSchool, AdminUser, NewUser, SchoolChanges, UserChanges };
/** A failed beheer call (the app's ApiError). */
export { ApiError as AdminError };

export const offlineMessage = 'Beheer werkt alleen met verbinding';

/** Beheer says in its own words that it needs a connection. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'offline') throw new ApiError('offline', offlineMessage);
    throw e;
  }
}

export async function listSchools(): Promise<AdminSchool[]> {
  return (await call(() => apiRequest(schoolsResponseSchema, 'GET', '/api/schools'))).schools;
}

export async function updateSchool(id: string, changes: SchoolChanges): Promise<AdminSchool> {
  return (await call(() => apiRequest(schoolResponseSchema, 'PATCH', `/api/schools/${id}`, changes))).school;
}

export async function listUsers(): Promise<AdminUser[]> {
  return (await call(() => apiRequest(usersResponseSchema, 'GET', '/api/admin/users'))).users;
}

export function createUser(user: NewUser): Promise<{ user: AdminUser; activation: Activation }> {
  return call(() => apiRequest(userWithActivationSchema, 'POST', '/api/admin/users', user));
}

/** Ends every session of the user and gives a new activation code. */
export function resetPassword(id: string): Promise<{ user: AdminUser; activation: Activation }> {
  return call(() => apiRequest(userWithActivationSchema, 'POST', `/api/admin/users/${id}/reset-password`, {}));
}

/** Removes the user's passkeys and authenticator app: every device asks to set up a new one. */
export async function resetSecondFactor(id: string): Promise<AdminUser> {
  return (await call(() => apiRequest(userResponseSchema, 'POST', `/api/admin/users/${id}/reset-second-factor`, {}))).user;
}

export async function updateUser(id: string, changes: UserChanges): Promise<AdminUser> {
  return (await call(() => apiRequest(userResponseSchema, 'PATCH', `/api/admin/users/${id}`, changes))).user;
}

/** Lock a device out at its next contact; `userId` names whose log-in on that device. */
export async function revokeDevice(deviceId: string, userId: string): Promise<void> {
  await call(() => apiRequest(okResponseSchema, 'POST', `/api/devices/${deviceId}/revoke?userId=${encodeURIComponent(userId)}`, {}));
}

/** The region's idle minutes before the app locks on every device. */
export async function getLockMinutes(): Promise<number> {
  return (await call(() => apiRequest(settingsResponseSchema, 'GET', '/api/settings'))).lockMinutes;
}

export async function setLockMinutes(lockMinutes: number): Promise<number> {
  return (await call(() => apiRequest(settingsResponseSchema, 'PATCH', '/api/admin/settings', { lockMinutes }))).lockMinutes;
}

/** How many days a jeugdprofessional's temporary access to one pupil (break-the-glass) lasts. */
export async function getBreakGlassDays(): Promise<number> {
  return (await call(() => apiRequest(settingsResponseSchema, 'GET', '/api/settings'))).breakGlassDays;
}

export async function setBreakGlassDays(breakGlassDays: number): Promise<number> {
  return (await call(() => apiRequest(settingsResponseSchema, 'PATCH', '/api/admin/settings', { breakGlassDays }))).breakGlassDays;
}

/** The region's numbers of the verzuimprotocol (GET /api/settings), parsed with the shared schema. */
export async function getVerzuimSettings(): Promise<VerzuimSettings> {
  return (await call(() => apiRequest(settingsResponseSchema, 'GET', '/api/settings'))).verzuim;
}

export async function setVerzuimSettings(verzuim: Partial<VerzuimSettings>): Promise<VerzuimSettings> {
  return (await call(() => apiRequest(settingsResponseSchema, 'PATCH', '/api/admin/settings', { verzuim }))).verzuim;
}
