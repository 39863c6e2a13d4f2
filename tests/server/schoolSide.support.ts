// Shared by the school-side server tests: valid create payloads for every entity, users made through
// the admin API, log-in with a chosen password, and a look at a stored row.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EntityName } from '../../src/domain/entities';
import { newRequestHandling } from '../../src/domain/consultationRequest';
import type { Mutation } from '../../src/sync/protocol';
import type { Db } from '../../src/server/store/db';

export const TEST_PASSWORD = 'lang-genoeg-wachtwoord-2026';
const today = () => new Date().toISOString().slice(0, 10);

/** Every field a create of `entity` needs (valid), without schoolId. */
export function fieldsOf(entity: EntityName, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const uuid = randomUUID;
  switch (entity) {
    case 'pupil':
      return { initials: 'T.K.', group: 'groep 4', birthYear: new Date().getFullYear() - 8, ...extra };
    case 'signal':
      return { pupilId: uuid(), date: today(), theme: 'gedrag', seriousness: 'zorg', source: 'leerkracht', description: 'Onrustig in de klas', followUpDate: null, ...extra };
    case 'contact':
      return { pupilId: uuid(), signalId: null, withWhom: 'ouder', channel: 'telefonisch', date: today(), time: '10:30', durationMinutes: 15, summary: 'Moeder gebeld', followUpDate: null, ...extra };
    case 'consultation':
      return { pupilId: null, withWhom: 'ib', date: today(), question: 'Hoe ondersteunen we faalangst?', advice: '', followUpDate: null, ...extra };
    case 'meldcode':
      return {
        signalId: uuid(), pupilId: uuid(), startDate: today(), step1: null, step2: null, step3: null, step4: null, step5: null,
        afweging: [null, null, null, null, null], outcome: null, closedDate: null, ...extra,
      };
    case 'consultationRequest':
      return {
        anonymous: false, pupilInitials: 'R.T.', pupilGroup: 'groep 6', topic: 'gedrag', question: 'Hoe gaan we om met boze buien?',
        urgency: 'deze_week', preferredChannel: 'op_school', preferredMoment: '', consent: 'op_de_hoogte', ...newRequestHandling, ...extra,
      };
    case 'consultationNote':
      return { requestId: uuid(), pupilId: null, note: 'Eigen aantekening', ...extra };
    case 'contactPerson':
      return { role: 'leerplicht', name: 'Karin Smit', organisation: 'Leerplicht', phone: '035 750 30 10', email: '', presence: [], notes: '', ...extra };
  }
}

export function createOf(entity: EntityName, schoolId: string, extra: Record<string, unknown> = {}, recordId: string = randomUUID()): Mutation {
  return {
    id: randomUUID(), entity, recordId, kind: 'create', baseVersion: 0,
    changes: { ...fieldsOf(entity, extra), schoolId }, createdAt: new Date().toISOString(),
  };
}

export async function loginAs(app: FastifyInstance, username: string, password = TEST_PASSWORD) {
  const deviceId = randomUUID();
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, deviceId, deviceName: `Toestel ${username}` } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const body = res.json() as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, id: body.user.id, deviceId };
}

export function api(app: FastifyInstance, token: string) {
  return async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body, json: () => res.json() as Record<string, unknown> & { message?: string; error?: string } };
  };
}

/** Makes a user through the admin API (as the demo beheerder) and logs them in. */
export async function makeUser(app: FastifyInstance, beheerToken: string, username: string, role: string, schoolIds: string[]) {
  const res = await api(app, beheerToken)('POST', '/api/admin/users', { username, name: `Test ${username}`, role, schoolIds, password: TEST_PASSWORD });
  if (res.status !== 201) throw new Error(`make ${username}: ${res.status} ${res.body}`);
  return loginAs(app, username);
}

export interface StoredRow {
  entity: string;
  school_id: string;
  data: Record<string, unknown>;
  deleted: boolean;
  version: number;
  created_by: string;
}

export async function row(db: Db, id: string): Promise<StoredRow | undefined> {
  const { rows } = await db.query<StoredRow>('SELECT entity, school_id, data, deleted, version, created_by FROM records WHERE id = $1', [id]);
  const r = rows[0];
  return r ? { ...r, version: Number(r.version) } : undefined;
}

/** The rows of these records by id (absent ids are missing from the map). */
export async function rows(db: Db, ids: readonly string[]): Promise<Map<string, StoredRow>> {
  const res = await db.query<StoredRow & { id: string }>(
    'SELECT id, entity, school_id, data, deleted, version, created_by FROM records WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)',
    [JSON.stringify(ids)],
  );
  return new Map(res.rows.map(({ id, ...r }) => [id, { ...r, version: Number(r.version) }]));
}
