// Shared by the school-side server tests: valid create payloads for every entity, users made through
// the admin API, log-in with a chosen password, and a look at a stored row.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import type { EntityName } from '../../src/domain/entities';
import { newRequestHandling } from '../../src/domain/consultationRequest';
import { newMeldcode } from '../../src/domain/meldcode';
import { newRoute } from '../../src/domain/verzuimroute';
import { newReferral } from '../../src/domain/wachtlijst';
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
      return {
        pupilId: uuid(),
        date: today(),
        theme: 'gedrag',
        seriousness: 'zorg',
        source: 'leerkracht',
        description: 'Onrustig in de klas',
        followUpDate: null,
        ...extra,
      };
    case 'contact':
      return {
        pupilId: uuid(),
        signalId: null,
        withWhom: 'ouder',
        channel: 'telefonisch',
        date: today(),
        time: '10:30',
        durationMinutes: 15,
        summary: 'Moeder gebeld',
        followUpDate: null,
        ...extra,
      };
    case 'consultation':
      return {
        pupilId: null,
        withWhom: 'ib',
        date: today(),
        question: 'Hoe ondersteunen we faalangst?',
        advice: '',
        followUpDate: null,
        ...extra,
      };
    case 'meldcode':
      return { ...newMeldcode({ id: uuid(), pupilId: uuid() }, today()), ...extra };
    case 'consultationRequest':
      return {
        anonymous: false,
        pupilInitials: 'R.T.',
        pupilGroup: 'groep 6',
        topic: 'gedrag',
        question: 'Hoe gaan we om met boze buien?',
        urgency: 'deze_week',
        preferredChannel: 'op_school',
        preferredMoment: '',
        consent: 'op_de_hoogte',
        ...newRequestHandling,
        ...extra,
      };
    case 'consultationNote':
      return { requestId: uuid(), pupilId: null, note: 'Eigen aantekening', ...extra };
    case 'consent':
      return {
        pupilId: uuid(),
        party: 'wijkteam',
        partyName: '',
        topic: null,
        givenBy: 'ouder',
        way: 'schriftelijk',
        givenOn: today(),
        validUntil: null,
        withdrawnOn: null,
        withdrawnReason: '',
        ...extra,
      };
    case 'mdoMeeting':
      return {
        date: today(),
        time: '13:30',
        participants: [{ role: 'wijkteam', name: 'Ayse Kaya', organisation: 'Wijkteam Noord', userId: null, contactPersonId: null }],
        status: 'gepland',
        ...extra,
      };
    case 'mdoItem':
      return {
        meetingId: uuid(),
        pupilId: null,
        pupilLabel: '',
        anonymous: true,
        description: 'Jongen groep 5, vaak te laat',
        question: 'Wie pakt het verzuim op?',
        addedByName: 'Test',
        consentOutcome: 'anoniem',
        consentMissing: [],
        consentReason: '',
        consentCheckedOn: null,
        conclusion: '',
        ...extra,
      };
    case 'mdoAgreement':
      return {
        meetingId: uuid(),
        itemId: uuid(),
        who: 'school',
        whoName: '',
        what: 'Leerkracht houdt aanwezigheid bij',
        byWhen: null,
        done: false,
        doneOn: null,
        ...extra,
      };
    case 'contactPerson':
      return {
        role: 'leerplicht',
        name: 'Karin Smit',
        organisation: 'Leerplicht',
        phone: '035 750 30 10',
        email: '',
        presence: [],
        notes: '',
        ...extra,
      };
    case 'family':
      // createOf puts the school's default pupil in (pupilAt); a member names its school.
      return { members: [], goalSchool: 'Elke dag op school', goalHome: '', goalLeisure: '', regie: '', reviewDate: null, ...extra };
    case 'absence':
      return { pupilId: uuid(), kind: 'ongeoorloofd', from: today(), to: today(), hours: 4, note: '', ...extra };
    case 'verzuimroute':
      return { ...newRoute(uuid(), today()), ...extra };
    case 'wachtlijst':
      return { ...newReferral(uuid(), today()), overbrugging: 'Gesprekken op school', ...extra };
  }
}

/**
 * The pupil the records of a school name by default (a record names a pupil of its own school): a
 * fixed id per school, made by `schoolPupils` before such records are pushed.
 */
export const pupilAt = (schoolId: string) => `b0b0b0b0${schoolId.slice(8)}`;

/** Creates of the default pupil of each school (pupilAt), to push before records that name it. */
export function schoolPupils(schoolIds: readonly string[]): Mutation[] {
  return schoolIds.map((schoolId) => ({
    id: randomUUID(),
    entity: 'pupil',
    recordId: pupilAt(schoolId),
    kind: 'create',
    baseVersion: 0,
    changes: { ...fieldsOf('pupil'), schoolId },
    createdAt: new Date().toISOString(),
  }));
}

export function createOf(
  entity: EntityName,
  schoolId: string,
  extra: Record<string, unknown> = {},
  recordId: string = randomUUID(),
): Mutation {
  const fields = fieldsOf(entity, extra);
  if (typeof fields.pupilId === 'string' && !('pupilId' in extra)) fields.pupilId = pupilAt(schoolId);
  if (entity === 'family' && !('members' in extra)) {
    fields.members = [
      { pupilId: pupilAt(schoolId), schoolId, schoolName: 'School van de test', contactName: 'Test JP', contactPhone: '035 750 21 10' },
    ];
  }
  return {
    id: randomUUID(),
    entity,
    recordId,
    kind: 'create',
    baseVersion: 0,
    changes: { ...fields, schoolId },
    createdAt: new Date().toISOString(),
  };
}

/** Per user: the authenticator-app secret a test enrolled, the last code used, and the device that passed. */
const secondFactors = new Map<string, { secret: string; lastCounter: number; deviceId: string }>();

/** The TOTP code a user's authenticator app would show, never one the service saw before (no replay). */
export function totpCode(secret: string, after = -1): { code: string; counter: number } {
  const now = Math.floor(Date.now() / 30_000);
  const counter = Math.max(now, after + 1);
  return {
    code: new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: counter * 30_000 }),
    counter,
  };
}

/**
 * Logs in like the app: the password, then, on a device that has not passed a second factor for
 * this user, a TOTP code (enrolling an authenticator app the first time). By default the user's
 * device that passed is used again, as a user's own phone would be.
 */
export async function loginAs(app: FastifyInstance, username: string, password = TEST_PASSWORD, deviceId?: string) {
  const known = secondFactors.get(username);
  const device = deviceId ?? known?.deviceId ?? randomUUID();
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password, deviceId: device, deviceName: `Toestel ${username}` },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  let body = res.json() as {
    accessToken: string;
    refreshToken: string;
    user: { id: string };
    secondFactor?: { challenge: string; enrol: boolean };
  };
  if (body.secondFactor) {
    const { challenge, enrol } = body.secondFactor;
    let secret = known?.secret;
    if (enrol) {
      const setup = await app.inject({ method: 'POST', url: '/api/auth/second-factor/totp/setup', payload: { challenge } });
      secret = (setup.json() as { secret: string }).secret;
    }
    if (!secret) throw new Error(`login ${username}: a second factor is asked, but no secret is known to this test`);
    const { code, counter } = totpCode(secret, enrol ? -1 : known?.lastCounter);
    const done = await app.inject({ method: 'POST', url: '/api/auth/second-factor/totp', payload: { challenge, code } });
    if (done.statusCode !== 200) throw new Error(`second factor ${username}: ${done.statusCode} ${done.body}`);
    secondFactors.set(username, { secret, lastCounter: counter, deviceId: device });
    body = done.json() as typeof body;
  }
  return { token: body.accessToken, refreshToken: body.refreshToken, id: body.user.id, deviceId: device };
}

/** Redeems an activation code: the user chooses their password (TEST_PASSWORD unless given). */
export async function activate(app: FastifyInstance, username: string, code: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/activate', payload: { username, code, password } });
  if (res.statusCode !== 200) throw new Error(`activate ${username}: ${res.statusCode} ${res.body}`);
}

export function api(app: FastifyInstance, token: string) {
  return async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return {
      status: res.statusCode,
      body: res.body,
      json: () => res.json() as Record<string, unknown> & { message?: string; error?: string },
    };
  };
}

/** Makes a user through the admin API (as the demo beheerder), activates the account and logs them in. */
export async function makeUser(
  app: FastifyInstance,
  beheerToken: string,
  username: string,
  role: string,
  schoolIds: string[],
  gemeenteIds?: string[],
) {
  const res = await api(app, beheerToken)('POST', '/api/admin/users', {
    username,
    name: `Test ${username}`,
    role,
    schoolIds,
    ...(gemeenteIds ? { gemeenteIds } : {}),
  });
  if (res.status !== 201) throw new Error(`make ${username}: ${res.status} ${res.body}`);
  await activate(app, username, (res.json().activation as { code: string }).code);
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
  const { rows } = await db.query<StoredRow>('SELECT entity, school_id, data, deleted, version, created_by FROM records WHERE id = $1', [
    id,
  ]);
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
