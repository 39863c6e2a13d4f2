import { currentSession } from './auth/session';

/** Who is using this device: every record is stamped with this id as `createdBy`. */
export function currentUserId(): string {
  const s = currentSession();
  if (!s) throw new Error('Niemand is ingelogd op dit toestel');
  return s.user.id;
}
