import { demoUser, type DeviceUser } from './db/seed';

/**
 * Who is using this device. Until log-in lands (issue 4) this is the demo jeugdprofessional;
 * every record is stamped with this id as `createdBy`.
 */
export function currentUser(): DeviceUser {
  return demoUser;
}
