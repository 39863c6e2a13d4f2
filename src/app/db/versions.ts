import type Dexie from 'dexie';

// Numbered Dexie schema versions. Never edit a version that has shipped: add the next one.
// Indexes only on what lists and the timeline query; `deleted` is a boolean (not indexable) and
// is filtered after the index lookup.

export const v1 = {
  schools: 'id, name',
  pupils: 'id, schoolId, group, updatedAt',
  signals: 'id, pupilId, schoolId, theme, date, followUpDate, updatedAt',
  contacts: 'id, pupilId, signalId, schoolId, date, followUpDate, updatedAt',
  consultations: 'id, pupilId, schoolId, date, followUpDate, updatedAt',
  // seq orders the outbox (push order); id is the mutation's own UUID (I3).
  outbox: '++seq, &id, recordId',
  drafts: 'key',
  meta: 'key',
};

// v2: sync. Conflicts kept from the server (I7) and mutations the server rejected (I5), both shown
// to the user; neither is ever dropped silently.
export const v2 = {
  ...v1,
  conflicts: 'id, recordId',
  rejected: 'id, recordId',
};

// v3: the school's side. Consultatievragen from the IB'er, the jeugdprofessional's private
// notes on them, Meldcode trajectories and the directory of vaste contactpersonen.
export const v3 = {
  ...v2,
  meldcodes: 'id, signalId, pupilId, schoolId, updatedAt',
  consultationRequests: 'id, schoolId, status, createdAt, updatedAt',
  consultationNotes: 'id, requestId, pupilId, schoolId',
  contactPersons: 'id, schoolId, role, updatedAt',
};

// v4: offline reads. The pupil pages opened on this device, until the next sync uploads
// them to the audit log (POST /api/audit/views) and they are deleted here.
export const v4 = {
  ...v3,
  views: 'id, at',
};

// v5: a large caseload. Plain index fields the derived middleware (derived.ts) computes on
// every write, so that Vandaag, the pupil list and the thuiszitters are read through an index instead
// of decrypting every row. Rows stored by v4 get them from rebuildDerivedIndexes after the next unlock
// (`_d` marks a row that has them; the meta row `derivedIndexes` says that all rows have them).
// Never a field derived from sensitive text: see derived.ts.
export const v5 = {
  ...v4,
  pupils: `${v4.pupils}, _d, _absent, [_listed+_recent], [schoolId+_listed+_recent]`,
  signals: `${v4.signals}, _d, _due`,
  contacts: `${v4.contacts}, _d, _due`,
  consultations: `${v4.consultations}, _d, _due`,
};

// v6: fewer indexes (a first pull of 10,000 records is IndexedDB writing, and every index
// is one more write per row). Kept: the indexes a query of the app reads (queries.ts, the pages,
// meldcode.ts, dexieStore.ts, derived.ts). Dropped, because no query reads them: pupils `group` and
// `updatedAt`; signals, contacts, consultations `schoolId`, `followUpDate` and `updatedAt`; signals
// `theme`; contacts `signalId`. Dexie removes the indexes in the upgrade; the rows are kept as they are.
export const v6 = {
  ...v5,
  pupils: 'id, schoolId, _d, _absent, [_listed+_recent], [schoolId+_listed+_recent]',
  signals: 'id, pupilId, date, _d, _due',
  contacts: 'id, pupilId, date, _d, _due',
  consultations: 'id, pupilId, date, _d, _due',
};

// v7: no `_d` index (one index entry fewer per pupil, signal, contact and consultation a
// pull writes). Only rebuildDerivedIndexes read it, to find rows without derived fields; it now
// trusts the meta row DERIVED_META, which a new database gets at creation (db.ts), and rewrites every
// row when that row is missing (derived.ts D3). Rows keep the `_d` they have; new rows get none.
export const v7 = {
  ...v6,
  pupils: 'id, schoolId, _absent, [_listed+_recent], [schoolId+_listed+_recent]',
  signals: 'id, pupilId, date, _due',
  contacts: 'id, pupilId, date, _due',
  consultations: 'id, pupilId, date, _due',
};

// v8: what is readable without the PIN. A record's pupil and date, a Meldcode-traject's pupil and
// signal, a consultatievraag's status, a consultation note's pupil are encrypted now (StorageClasses
// in src/domain); queries on them go through keyed blind indexes (`_pid`: the pupil, `_month`: the
// month of the date, `_sig`: the signal; derived.ts) or filter in memory (status, `_absent` is gone).
// Rows stored before get the new fields, and lose the old plain ones, when rebuildDerivedIndexes
// rewrites them after the next unlock (DERIVED_VERSION 2).
export const v8 = {
  ...v7,
  pupils: 'id, schoolId, [_listed+_recent], [schoolId+_listed+_recent]',
  signals: 'id, _pid, _month, _due',
  contacts: 'id, _pid, _month, _due',
  consultations: 'id, _pid, _month, _due',
  meldcodes: 'id, _sig, _pid, schoolId, updatedAt',
  consultationRequests: 'id, schoolId, createdAt, updatedAt',
  consultationNotes: 'id, requestId, schoolId',
};

// v9: the records of working together around a child. The consent register (toestemming), found
// per pupil through its blind index. Families (a gezin and its plan; src/domain/family.ts): few rows
// per device, read whole and filtered in memory after decryption, so no index on a member or date.
// Verzuim: absence entries and verzuimroutes, both found per pupil through the pupil's blind index
// (`_pid`, derived.ts); nothing else about them is plain.
export const v9 = {
  ...v8,
  consents: 'id, _pid, schoolId',
  families: 'id, schoolId',
  absences: 'id, _pid, schoolId',
  verzuimroutes: 'id, _pid, schoolId',
  // The MDO: meetings by school and date, agenda items and agreements by meeting.
  mdoMeetings: 'id, schoolId, date',
  mdoItems: 'id, meetingId, _pid, schoolId',
  mdoAgreements: 'id, meetingId, itemId, schoolId',
  // The wachtlijst (referrals to care): found per pupil through the blind index, like verzuim.
  wachtlijst: 'id, _pid, schoolId',
};

/** Every schema above, oldest first: version n is `schemas[n - 1]`. */
export const schemas = [v1, v2, v3, v4, v5, v6, v7, v8, v9] as const;

/**
 * Declares versions 1 to `upTo` on `db` (the app's database declares them all; a test declares an
 * older one to upgrade from it). v5 rows get their derived index fields on every write, older rows
 * after the next unlock (derived.ts); v6 and v7 only drop indexes, so nothing is converted; v8 rows
 * are rewritten after the next unlock (derived.ts D3).
 */
export function declareVersions(db: Dexie, upTo: number = schemas.length): void {
  schemas.slice(0, upTo).forEach((schema, i) => db.version(i + 1).stores(schema));
}
