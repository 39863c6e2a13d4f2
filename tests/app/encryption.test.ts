import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { SchoolnabijDB, tableOf } from '../../src/app/db/db';
import { argon2id } from 'hash-wasm';
import {
  ARGON2_PARAMS,
  deviceKey,
  generateDataKey,
  PBKDF2_ITERATIONS,
  pinKey,
  randomBytes,
  toBase64,
  unwrapDataKey,
  wrapDataKey,
} from '../../src/app/db/crypto';
import { ENC, encryptExistingRows, encryptedFields, LockedError, setDataKey } from '../../src/app/db/encryption';
import { sealAhead } from '../../src/app/perf/encryptAhead';
import { saveWithOptionalPupil, updateRecord } from '../../src/app/db/records';
import { saveDraft, loadDraft } from '../../src/app/db/drafts';
import { searchPupils, pupilTimeline } from '../../src/app/db/queries';
import { DexieSyncStore } from '../../src/app/sync/dexieStore';
import {
  lockNow,
  lockState,
  MAX_PIN_ATTEMPTS,
  pinProblem,
  pinUpgradeAsked,
  pinWasChosen,
  readKeys,
  refreshLockState,
  setPasskey,
  setPin,
  unlock,
  unlockWithPasskey,
} from '../../src/app/auth/pin';
import { clearLocalData } from '../../src/app/auth/wipe';
import { DERIVED_META, DERIVED_VERSION, pupilIndex } from '../../src/app/perf/derived';
import { freshEncryptedDbPerTest, rawDump } from './freshDb';
import { newMeldcode } from '../../src/domain/meldcode';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
const ctx = { userId: 'u1', schoolId: school };
const year = new Date().getFullYear();
const MARKER = 'Geheimmerk7Q';
const now = '2026-11-20T10:00:00.000Z';
const base = { schoolId: school, createdBy: 'u1', createdAt: now, updatedAt: now, deleted: false, version: 1 };
const id = () => crypto.randomUUID();
/** PBKDF2 at 600,000 rounds takes seconds in Node; the tests lower it explicitly, never the app. */
const TEST_ITERATIONS = 1000;
/** Argon2id at 64 MiB likewise: lowered explicitly in the tests that are not about its cost. */
const TEST_ARGON2 = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
const PIN = '284716';

/** Where `needle` occurs in plain text, as "store: row". Binary (ciphertext) is shown as its length. */
function plaintextIn(dump: Record<string, unknown[]>, needle: string): string[] {
  const hits: string[] = [];
  for (const [store, rows] of Object.entries(dump)) {
    for (const row of rows) {
      const text = JSON.stringify(row, (_k, v: unknown) => (ArrayBuffer.isView(v) ? `bytes(${(v as Uint8Array).byteLength})` : v));
      if (text.includes(needle)) hits.push(`${store}: ${text.slice(0, 100)}`);
    }
  }
  return hits;
}

/** One row per table, each carrying MARKER in every field that must be encrypted. */
function rowsWithMarker() {
  const pupilId = id();
  const signalId = id();
  const requestId = id();
  const step = { date: '2026-11-20', who: 'Sanne', note: `stap ${MARKER}` };
  const mutation = {
    id: id(),
    entity: 'signal',
    recordId: signalId,
    kind: 'create',
    changes: { description: `wijziging ${MARKER}` },
    baseVersion: 0,
    createdAt: now,
  };
  return {
    pupils: { ...base, id: pupilId, initials: `P${MARKER}`, group: 'groep 7', birthYear: year - 11 },
    signals: {
      ...base,
      id: signalId,
      pupilId,
      date: '2026-11-20',
      theme: 'verzuim',
      seriousness: 'zorg',
      source: 'leerkracht',
      description: `signaal ${MARKER}`,
      followUpDate: null,
    },
    contacts: {
      ...base,
      id: id(),
      pupilId,
      signalId,
      withWhom: 'ouder',
      channel: 'telefoon',
      date: '2026-11-20',
      time: '10:00',
      durationMinutes: 15,
      summary: `contact ${MARKER}`,
      followUpDate: null,
    },
    consultations: {
      ...base,
      id: id(),
      pupilId,
      withWhom: 'leerkracht',
      date: '2026-11-20',
      question: `vraag ${MARKER}`,
      advice: `advies ${MARKER}`,
      followUpDate: null,
    },
    meldcodes: {
      ...base,
      id: id(),
      ...newMeldcode({ id: signalId, pupilId }, '2026-11-20'),
      step1: step,
    },
    consultationRequests: {
      ...base,
      id: requestId,
      anonymous: false,
      pupilInitials: `R${MARKER}`,
      pupilGroup: `g${MARKER}`,
      topic: 'gedrag',
      question: `vraag ${MARKER}`,
      urgency: 'deze_week',
      preferredChannel: 'op_school',
      preferredMoment: `moment ${MARKER}`,
      consent: 'op_de_hoogte',
      status: 'nieuw',
      plannedDate: null,
      plannedTime: null,
      adviceForSchool: `advies ${MARKER}`,
      handledBy: null,
      plannedAt: null,
      answeredAt: null,
      closedAt: null,
      withdrawnAt: null,
    },
    consultationNotes: { ...base, id: id(), requestId, pupilId, note: `notitie ${MARKER}` },
    outbox: mutation,
    rejected: { ...mutation, id: id(), reason: 'Geweigerd', rejectedAt: now },
    conflicts: { id: id(), field: 'description', value: `verloren ${MARKER}`, by: 'u2', at: now, entity: 'signal', recordId: signalId },
    drafts: { key: 'signal:nieuw', values: { description: `concept ${MARKER}` }, savedAt: now },
    meta: {
      key: 'session',
      value: { user: { id: 'u1', name: 'Sanne' }, refreshToken: `token-${MARKER}`, accessToken: 'a', accessExpiresAt: 0 },
    },
  } as const;
}

/** Dexie writes the outbox's auto-increment key into the object it was given. */
const withoutSeq = ({ seq: _seq, ...r }: Record<string, unknown>) => r;
/** A table's rows, without the meta row every new database starts with (derived.ts D3). */
const rowsOf = async (table: string) => (await db.table(table).toArray()).filter((r: { key?: unknown }) => r.key !== DERIVED_META);

let db: SchoolnabijDB;
let name: string;
freshEncryptedDbPerTest('enc', (d, n) => {
  db = d;
  name = n;
});

describe('encryption at rest (one DBCore middleware)', () => {
  it('every table round-trips through put/get/toArray/index queries, and IndexedDB holds no plaintext of the marker', async () => {
    const rows = rowsWithMarker();
    for (const [table, row] of Object.entries(rows)) await db.table(table).put(row);
    for (const [table, row] of Object.entries(rows)) {
      const all = await rowsOf(table);
      expect(all.map(withoutSeq), table).toEqual([withoutSeq(row)]);
    }
    expect(await db.signals.get(rows.signals.id)).toEqual(rows.signals);
    expect(await db.signals.where('_pid').equals(pupilIndex(rows.pupils.id)).toArray()).toEqual([rows.signals]);
    expect(await db.consultationRequests.filter((r) => r.status === 'nieuw').first()).toEqual(rows.consultationRequests);
    expect(await db.meldcodes.bulkGet([rows.meldcodes.id])).toEqual([rows.meldcodes]);
    // A cursor (filter) and a collection delete go through the middleware too.
    expect(await db.signals.filter((s) => s.description.includes(MARKER)).toArray()).toEqual([rows.signals]);
    await db.conflicts.where('recordId').anyOf([rows.signals.id]).delete();
    expect(await db.conflicts.count()).toBe(0);

    db.close();
    const dump = await rawDump(name);
    expect(plaintextIn(dump, MARKER)).toEqual([]);
    // Ids, school and sync bookkeeping stay plain; the sensitive fields are gone from the row.
    expect(dump.signals![0]).toMatchObject({ id: rows.signals.id, schoolId: school });
    for (const f of ['pupilId', 'date', 'theme', 'description']) expect(dump.signals![0]![f], f).toBeUndefined();
    expect(ArrayBuffer.isView(dump.signals![0]![ENC])).toBe(true);
    expect(dump.consultationRequests![0]!.status).toBeUndefined();
    expect(dump.consultationRequests![0]!.topic).toBeUndefined();
    // Every sensitive field of every table is absent from the stored row.
    for (const [table, fields] of Object.entries(encryptedFields)) {
      for (const row of dump[table] ?? []) {
        if (table === 'meta' && row.key !== 'session') continue;
        for (const f of fields) expect(row[f], `${table}.${f}`).toBeUndefined();
      }
    }
  });

  it('a fresh IV per write: the same record written twice is stored as two different ciphertexts', async () => {
    const { signals } = rowsWithMarker();
    await db.signals.put(signals);
    db.close();
    const first = (await rawDump(name)).signals![0]![ENC] as Uint8Array;
    await db.open();
    await db.signals.put(signals);
    db.close();
    const second = (await rawDump(name)).signals![0]![ENC] as Uint8Array;
    expect(toBase64(new Uint8Array(first))).not.toBe(toBase64(new Uint8Array(second)));
  });

  it('a ciphertext made ahead (sealAhead) is used by one write only: a second write of the same row gets a fresh IV', async () => {
    const { signals } = rowsWithMarker();
    await sealAhead('signals', [signals]);
    await db.signals.put(signals);
    const first = (await rawDump(name)).signals![0]![ENC] as Uint8Array;
    await db.signals.put(signals);
    const second = (await rawDump(name)).signals![0]![ENC] as Uint8Array;
    expect(toBase64(new Uint8Array(first))).not.toBe(toBase64(new Uint8Array(second)));
    expect(await db.signals.get(signals.id)).toEqual(signals);
  });

  it('a row changed after sealAhead is stored as it is when written, not as it was sealed', async () => {
    const { signals } = rowsWithMarker();
    await sealAhead('signals', [signals]);
    const changed = { ...signals, description: 'Toch anders opgeschreven', seriousness: 'acuut' as const };
    await db.signals.put(changed);
    expect(await db.signals.get(signals.id)).toEqual(changed);
  });

  it('locking drops what was sealed ahead: a locked write is refused, and after a new key nothing old is reused', async () => {
    const { signals } = rowsWithMarker();
    await sealAhead('signals', [signals]);
    setDataKey(null);
    await expect(db.signals.put(signals)).rejects.toBeInstanceOf(LockedError);
    setDataKey(await generateDataKey());
    await db.signals.put(signals);
    expect(await db.signals.get(signals.id)).toEqual(signals);
  });

  /** Runs `work` and says, for each WebCrypto encryption it made, whether a Dexie transaction was open. */
  async function encryptionsInside(work: () => Promise<unknown>): Promise<boolean[]> {
    const subtle = globalThis.crypto.subtle;
    const original = subtle.encrypt;
    const inside: boolean[] = [];
    subtle.encrypt = function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['encrypt']>) {
      inside.push(Dexie.currentTransaction !== null);
      return original.apply(this, args);
    } as SubtleCrypto['encrypt'];
    try {
      await work();
    } finally {
      subtle.encrypt = original;
    }
    return inside;
  }

  it('saving a new signal (and its new pupil) encrypts before its transaction: no WebCrypto call inside it', async () => {
    const inside = await encryptionsInside(() =>
      saveWithOptionalPupil(db, 'signal', {
        input: {
          date: '2026-11-20',
          theme: 'verzuim',
          seriousness: 'zorg',
          source: 'leerkracht',
          description: `Vooraf versleuteld ${MARKER}`,
          followUpDate: null,
        },
        newPupil: { initials: 'Vv', group: 'groep 6', birthYear: year - 10 },
        ctx: { ...ctx, draftKey: 'signal:nieuw' },
      }),
    );
    // The pupil, the signal and their two mutations.
    expect(inside).toEqual([false, false, false, false]);
    expect(await db.outbox.count()).toBe(2);
    db.close();
    expect(plaintextIn(await rawDump(name), MARKER)).toEqual([]);
  });

  it('a pulled page is encrypted before its transaction; only a row the outbox changes is encrypted in it', async () => {
    const mine = await saveWithOptionalPupil(db, 'signal', {
      input: {
        date: '2026-11-20',
        theme: 'verzuim',
        seriousness: 'zorg',
        source: 'leerkracht',
        description: `Eigen tekst ${MARKER}`,
        followUpDate: null,
      },
      newPupil: { initials: 'Pq', group: 'groep 5', birthYear: year - 9 },
      ctx,
    });
    const { signals: other, pupils } = rowsWithMarker();
    const fromServer = { ...(await db.signals.get(mine.id))!, description: 'Van de server', version: 2 };
    const page = {
      cursor: '9',
      hasMore: false,
      remaining: 0,
      changes: [
        { seq: 7, entity: 'pupil' as const, record: pupils, conflicts: [] },
        { seq: 8, entity: 'signal' as const, record: other, conflicts: [] },
        { seq: 9, entity: 'signal' as const, record: fromServer, conflicts: [] },
      ],
    };
    const inside = await encryptionsInside(() => new DexieSyncStore(db).applyPage(page));
    // Three rows sealed ahead; the one with a waiting mutation (its create) is sealed again inside.
    expect(inside).toEqual([false, false, false, true]);
    expect(await db.pupils.get(pupils.id)).toEqual(pupils);
    expect(await db.signals.get(other.id)).toEqual(other);
    expect((await db.signals.get(mine.id))?.description).toBe(`Eigen tekst ${MARKER}`);
    db.close();
    expect(plaintextIn(await rawDump(name), MARKER)).toEqual([]);
  });

  it('saving, updating, searching and syncing work as before on encrypted data', async () => {
    const signal = await saveWithOptionalPupil(db, 'signal', {
      input: {
        date: '2026-11-20',
        theme: 'verzuim',
        seriousness: 'zorg',
        source: 'leerkracht',
        description: `Vaak te laat ${MARKER}`,
        followUpDate: null,
      },
      newPupil: { initials: 'Qwx', group: 'groep 7', birthYear: year - 11 },
      ctx,
    });
    await updateRecord(db, 'signal', signal.id, { description: `Nog steeds ${MARKER}` }, ctx);
    await saveDraft(db, 'signal:nieuw', { description: `concept ${MARKER}` });
    expect((await db.signals.get(signal.id))?.description).toBe(`Nog steeds ${MARKER}`);
    expect((await loadDraft(db, 'signal:nieuw'))?.values).toEqual({ description: `concept ${MARKER}` });
    // Search over encrypted initials decrypts in memory.
    expect((await searchPupils(db, 'qw')).map((p) => p.initials)).toEqual(['Qwx']);
    expect((await pupilTimeline(db, signal.pupilId)).map((i) => i.record.id)).toEqual([signal.id]);

    const store = new DexieSyncStore(db);
    const batch = await store.pendingBatch(10);
    expect(batch.map((m) => `${m.entity}:${m.kind}`)).toEqual(['pupil:create', 'signal:create', 'signal:update']);
    expect(batch[2]?.changes).toEqual({ description: `Nog steeds ${MARKER}` });
    await store.acknowledge([
      { mutationId: batch[0]!.id, status: 'applied', version: 1 },
      { mutationId: batch[1]!.id, status: 'rejected', reason: 'Nee' },
    ]);
    expect((await db.rejected.toArray()).map((r) => r.changes.description)).toEqual([`Vaak te laat ${MARKER}`]);
    // A pulled page is written encrypted, with the waiting update re-applied on top (dexieStore).
    const pulled = { ...(await db.signals.get(signal.id))!, description: 'Van de server', version: 2 };
    await store.applyPage({ cursor: '5', hasMore: false, changes: [{ entity: 'signal', record: pulled, conflicts: [] }] } as never);
    expect((await db.signals.get(signal.id))?.description).toBe(`Nog steeds ${MARKER}`);

    db.close();
    const dump = await rawDump(name);
    expect(plaintextIn(dump, MARKER)).toEqual([]);
    expect(plaintextIn(dump, 'Qwx')).toEqual([]);
  });

  it('the wrong key cannot read, and without a key reading and writing are refused', async () => {
    const { signals } = rowsWithMarker();
    await db.signals.put(signals);
    setDataKey(await generateDataKey());
    await expect(db.signals.get(signals.id)).rejects.toThrow();
    setDataKey(null);
    await expect(db.signals.get(signals.id)).rejects.toBeInstanceOf(LockedError);
    await expect(db.signals.put(signals)).rejects.toBeInstanceOf(LockedError);
    // Tables without sensitive fields and plain meta rows need no key.
    await db.meta.put({ key: 'deviceId', value: 'x' });
    expect((await db.meta.get('deviceId'))?.value).toBe('x');
  });

  it('a ciphertext copied into another table does not decrypt (the table is bound as additional data)', async () => {
    const { signals, contacts } = rowsWithMarker();
    await db.signals.put(signals);
    db.close();
    const stolen = (await rawDump(name)).signals![0]![ENC];
    const raw = new Dexie(name);
    await raw.open();
    await raw.table('contacts').put({ ...contacts, summary: undefined, withWhom: undefined, [ENC]: stolen });
    raw.close();
    await db.open();
    await expect(db.contacts.get(contacts.id)).rejects.toThrow();
  });

  it('rows from before encryption are read as they are and sealed in one pass', async () => {
    const rows = rowsWithMarker();
    db.close();
    // A v3 device: the same database without the middleware.
    const plain = new SchoolnabijDB(name);
    await plain.open();
    for (const [table, row] of Object.entries(rows)) await plain.table(table).put(row);
    plain.close();
    expect(plaintextIn(await rawDump(name), MARKER).length).toBeGreaterThan(10);

    await db.open();
    expect(await db.signals.get(rows.signals.id)).toEqual(rows.signals);
    await encryptExistingRows(db);
    db.close();
    expect(plaintextIn(await rawDump(name), MARKER)).toEqual([]);
    await db.open();
    for (const [table, row] of Object.entries(rows)) {
      const all = await rowsOf(table);
      expect(all.map(withoutSeq), table).toEqual([withoutSeq(row)]);
    }
  });

  it('contactPersons are a public directory: stored in plain', async () => {
    await db.contactPersons.put({
      ...base,
      id: id(),
      role: 'schoolarts',
      name: 'Dr. Jansen',
      organisation: 'GGD',
      phone: '035 123 45 67',
      email: '',
    } as never);
    db.close();
    expect(plaintextIn(await rawDump(name), 'Dr. Jansen')).toHaveLength(1);
    expect(Object.keys(tableOf)).toContain('contactPerson');
  });
});

describe('PIN lock', () => {
  it('the production PBKDF2 count is at least 600,000', () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('set a PIN, lock, a wrong PIN is refused with attempts left, the right one opens the data again', async () => {
    const { signals } = rowsWithMarker();
    await db.signals.put(signals);
    await setPin(db, PIN, { argon2: TEST_ARGON2 });
    expect(lockState()).toBe('open');
    expect((await readKeys(db))?.pin).toMatchObject({ kdf: 'argon2id', ...TEST_ARGON2 });

    await db.meta.put(rowsWithMarker().meta);
    await lockNow(db);
    expect(lockState()).toBe('locked');
    await expect(db.signals.get(signals.id)).rejects.toBeInstanceOf(LockedError);

    expect(await unlock(db, '54321')).toEqual({ ok: false, attemptsLeft: MAX_PIN_ATTEMPTS - 1 });
    expect(lockState()).toBe('locked');
    expect(await unlock(db, PIN)).toEqual({ ok: true });
    expect(lockState()).toBe('open');
    expect((await db.signals.get(signals.id))?.description).toBe(signals.description);
    // The key row holds only wrapped keys: no plaintext key material, no PIN.
    db.close();
    const keysRow = (await rawDump(name)).meta!.find((r) => r.key === 'deviceKeys');
    expect(plaintextIn({ meta: [keysRow] }, PIN)).toEqual([]);
  });

  it('5 wrong PINs forget the PIN-wrapped key but keep the encrypted outbox; the server device key still opens it', async () => {
    const outbox = rowsWithMarker().outbox;
    await db.table('outbox').add(outbox);
    await setPin(db, PIN, { argon2: TEST_ARGON2 });
    // What keysAfterLogin stores after an online log-in: the data key wrapped by the server's device key.
    const serverKey = toBase64(randomBytes(32));
    const keys = (await readKeys(db))!;
    const { currentDataKey } = await import('../../src/app/db/encryption');
    await db.meta.put({
      key: 'deviceKeys',
      value: { ...keys, device: { wrapped: await wrapDataKey(currentDataKey()!, await deviceKey(serverKey)) } },
    });
    await db.meta.put(rowsWithMarker().meta);
    await lockNow(db);

    for (let i = 1; i < MAX_PIN_ATTEMPTS; i++)
      expect(await unlock(db, '000000')).toEqual({ ok: false, attemptsLeft: MAX_PIN_ATTEMPTS - i });
    expect(await unlock(db, '000000')).toEqual({ ok: false, attemptsLeft: 0 });
    expect(lockState()).toBe('needsLogin');
    expect((await readKeys(db))?.pin).toBeNull();
    // Even the right PIN no longer opens it.
    expect(await unlock(db, PIN)).toEqual({ ok: false, attemptsLeft: 0 });

    expect(await db.outbox.count()).toBe(1);
    db.close();
    const dump = await rawDump(name);
    expect(plaintextIn(dump, MARKER)).toEqual([]);
    await db.open();
    // The online log-in unwraps with the server's key: the waiting change is readable, ready to sync.
    setDataKey(await unwrapDataKey((await readKeys(db))!.device!.wrapped, await deviceKey(serverKey)));
    expect((await new DexieSyncStore(db).pendingBatch(10)).map((m) => m.changes)).toEqual([outbox.changes]);
  });

  it('a reload during PIN set-up asks for the log-in, and says no PIN was chosen yet (not a wrong one)', async () => {
    // What keysAfterLogin leaves before a PIN is chosen: the data key wrapped by the server's key only.
    const key = await generateDataKey();
    const serverKey = toBase64(randomBytes(32));
    await db.meta.put({
      key: 'deviceKeys',
      value: {
        userId: 'u1',
        pin: null,
        device: { wrapped: await wrapDataKey(key, await deviceKey(serverKey)) },
        failures: 0,
        sealed: false,
      },
    });
    setDataKey(key);
    await db.meta.put({ key: 'session', value: { user: { id: 'u1' } } });
    setDataKey(null); // the reload: the key was in memory only
    expect(await refreshLockState(db)).toBe('needsLogin');
    expect(pinWasChosen()).toBe(false);

    // After a PIN and 5 wrong tries (and a reload) it is the forgotten-PIN case again.
    setDataKey(key);
    await setPin(db, PIN, { argon2: TEST_ARGON2 });
    await lockNow(db);
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await unlock(db, '000000');
    expect(await refreshLockState(db)).toBe('needsLogin');
    expect(pinWasChosen()).toBe(true);
  });

  it('a PIN has at least 6 digits and is not trivial: one digit repeated, a run, a year 19xx/20xx', async () => {
    for (const pin of ['12345', '1234', '12a456', '']) expect(pinProblem(pin)).toMatch('minstens 6 cijfers');
    for (const pin of ['111111', '00000000']) expect(pinProblem(pin)).toMatch('hetzelfde cijfer');
    for (const pin of ['123456', '654321', '890123', '3456789', '210987']) expect(pinProblem(pin)).toMatch('rij');
    for (const pin of ['198504', '200012', '041985', '12032014', '1999']) expect(pinProblem(pin)).toMatch(/jaartal|minstens/);
    for (const pin of ['284716', '950371', '13572468']) expect(pinProblem(pin)).toBeNull();
    await expect(setPin(db, '12345', { argon2: TEST_ARGON2 })).rejects.toThrow('minstens 6 cijfers');
    await expect(setPin(db, '123456', { argon2: TEST_ARGON2 })).rejects.toThrow('te makkelijk te raden');
    expect(await readKeys(db)).toBeNull();
  });

  it('by default the PIN wrap is Argon2id (64 MiB, 2 passes): what a copy of storage makes an attacker compute per guess', async () => {
    expect(ARGON2_PARAMS).toEqual({ memoryKiB: 65536, iterations: 2, parallelism: 1 });
    await setPin(db, PIN);
    const wrap = (await readKeys(db))!.pin!;
    expect(wrap).toMatchObject({ kdf: 'argon2id', memoryKiB: 65536, iterations: 2, parallelism: 1 });
    expect(wrap).not.toHaveProperty('device');
    // An independent Argon2id of the PIN with the stored salt opens the stored wrap: no shortcut.
    const raw = await argon2id({
      password: PIN,
      salt: wrap.salt,
      memorySize: 65536,
      iterations: 2,
      parallelism: 1,
      hashLength: 32,
      outputType: 'binary',
    });
    const kek = await crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-KW', false, ['unwrapKey']);
    await expect(unwrapDataKey(wrap.wrapped, kek)).resolves.toBeDefined();
    // Two full-cost Argon2id runs by design (that cost is what is tested): more than the default 5 s on a busy machine.
  }, 60_000);

  it('a 5-digit PBKDF2 PIN from before opens the data once; its wrap is gone at once and a new PIN is asked', async () => {
    const key = await generateDataKey();
    const salt = randomBytes(16);
    const legacy = { salt, iterations: TEST_ITERATIONS, wrapped: await wrapDataKey(key, await pinKey('12345', salt, TEST_ITERATIONS)) };
    await db.meta.put({ key: 'deviceKeys', value: { userId: 'u1', pin: legacy, device: null, failures: 0, sealed: true } });
    const { signals } = rowsWithMarker();
    setDataKey(key);
    await db.signals.put(signals);
    await db.meta.put({ key: 'session', value: { user: { id: 'u1' } } });
    setDataKey(null);
    expect(await refreshLockState(db)).toBe('locked');

    expect(await unlock(db, '12345')).toEqual({ ok: true });
    expect(lockState()).toBe('needsPin');
    expect(pinUpgradeAsked()).toBe(true);
    expect((await readKeys(db))?.pin).toBeNull();
    expect((await db.signals.get(signals.id))?.description).toBe(signals.description);

    await setPin(db, PIN, { argon2: TEST_ARGON2 });
    expect(lockState()).toBe('open');
    expect(pinUpgradeAsked()).toBe(false);
    expect((await readKeys(db))?.pin?.kdf).toBe('argon2id');
  });

  it('a passkey wrap: only the PRF output of that passkey opens the data, and no PIN wrap is stored', async () => {
    const { signals } = rowsWithMarker();
    await db.signals.put(signals);
    const prf = randomBytes(32);
    await setPasskey(db, { credentialId: randomBytes(16), salt: randomBytes(32), prf });
    expect(lockState()).toBe('open');
    await db.meta.put(rowsWithMarker().meta);
    const keys = (await readKeys(db))!;
    expect(keys.pin).toBeNull();
    expect(keys.passkey?.wrapped.byteLength).toBe(40);

    await lockNow(db);
    expect(lockState()).toBe('locked');
    expect(await unlockWithPasskey(db, randomBytes(32))).toBe(false);
    expect(lockState()).toBe('locked');
    expect(await unlockWithPasskey(db, prf)).toBe(true);
    expect(lockState()).toBe('open');
    expect((await db.signals.get(signals.id))?.description).toBe(signals.description);
  });

  it('clearing local data for another user keeps only the device id (and that the empty tables need no rebuild)', async () => {
    for (const [table, row] of Object.entries(rowsWithMarker())) await db.table(table).put(row);
    await db.meta.put({ key: 'deviceId', value: 'dev-1' });
    await db.meta.delete(DERIVED_META);
    await clearLocalData(db);
    const counts = await Promise.all(db.tables.map(async (t) => [t.name, await t.count()] as const));
    expect(counts.filter(([, n]) => n > 0)).toEqual([['meta', 2]]);
    expect((await db.meta.get('deviceId'))?.value).toBe('dev-1');
    expect((await db.meta.get(DERIVED_META))?.value).toBe(DERIVED_VERSION);
  });
});
