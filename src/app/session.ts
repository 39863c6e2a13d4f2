import { currentSession } from './auth/session';
import { demoUser } from './db/seed';

/**
 * Who is using this device: the signed-in user; before the first log-in (and in tests without a
 * server) the demo jeugdprofessional. Every record is stamped with this id as `createdBy`.
 */
export function currentUserId(): string {
  return currentSession()?.user.id ?? demoUser.id;
}
