import { afterAll, beforeAll } from 'vitest';
import { clearSessionFromMemory, loadSession, type SessionUser } from '../../src/app/auth/session';
import { generateDataKey } from '../../src/app/db/crypto';
import { db } from '../../src/app/db/db';
import { setDataKey } from '../../src/app/db/encryption';
import type { Pupil } from '../../src/domain';

const at = new Date(Date.UTC(2026, 0, 1)).toISOString();

/** A pupil as the phone stores it, at one school, made by the user `signIn` signs in. */
export function aPupil(fields: Pick<Pupil, 'initials' | 'group' | 'birthYear'>): Pupil {
  return {
    id: crypto.randomUUID(),
    schoolId: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001',
    createdBy: 'u1',
    createdAt: at,
    updatedAt: at,
    deleted: false,
    version: 1,
    ...fields,
  } as Pupil;
}

/** Signs a user in on this device: the session the app reads (pages stamp what they record with it). */
export async function signIn(user: Partial<SessionUser> = {}): Promise<void> {
  await db.meta.put({
    key: 'session',
    value: {
      user: { id: 'u1', name: 'Test', role: 'jeugdprofessional', schools: [], ...user },
      accessToken: 'x',
      accessExpiresAt: 0,
      refreshToken: 'r',
    },
  });
  await loadSession(db);
}

/**
 * For the tests of the calling file: a data key (as after an unlock), the pupil on the device and a
 * jeugdprofessional signed in; afterwards the device is emptied again and `after` runs first.
 */
export function jeugdprofessionalWithPupil(pupil: Pupil, after?: () => unknown): void {
  beforeAll(async () => {
    setDataKey(await generateDataKey());
    await db.pupils.put(pupil);
    await signIn();
  });
  afterAll(async () => {
    await after?.();
    await db.pupils.clear();
    await db.outbox.clear();
    await db.meta.delete('session');
    clearSessionFromMemory();
  });
}
