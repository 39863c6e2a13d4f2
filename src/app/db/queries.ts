import Dexie from 'dexie';
import { absenceStatus, meldcodeReminder } from '../../domain';
import type {
  AbsenceStatus,
  Consultation,
  Contact,
  EntityName,
  Meldcode,
  MeldcodeReminder,
  Pupil,
  Signal,
  SignalTheme,
} from '../../domain';
import type { SchoolnabijDB } from './db';
import { indexesPending, monthIndex, pupilIndex } from '../perf/derived';

/** One line of a timeline or list: a signal, contact or consultation, tagged with its kind. */
export type TimelineItem =
  { kind: 'signal'; record: Signal } | { kind: 'contact'; record: Contact } | { kind: 'consultation'; record: Consultation };

function byNewest(a: TimelineItem, b: TimelineItem): number {
  const d = b.record.date.localeCompare(a.record.date);
  return d !== 0 ? d : b.record.createdAt.localeCompare(a.record.createdAt);
}

function tag(signals: Signal[], contacts: Contact[], consultations: Consultation[]): TimelineItem[] {
  return [
    ...signals.map((record) => ({ kind: 'signal' as const, record })),
    ...contacts.map((record) => ({ kind: 'contact' as const, record })),
    ...consultations.map((record) => ({ kind: 'consultation' as const, record })),
  ];
}

/** All records of one pupil, newest first, through the blind pupil index. Archived ones only on request. */
export async function pupilTimeline(db: SchoolnabijDB, pupilId: string, withArchived = false): Promise<TimelineItem[]> {
  const pending = indexesPending();
  if (pending) await pending;
  const pid = pupilIndex(pupilId);
  const [s, c, k] = await Promise.all([
    db.signals.where('_pid').equals(pid).toArray(),
    db.contacts.where('_pid').equals(pid).toArray(),
    db.consultations.where('_pid').equals(pid).toArray(),
  ]);
  return tag(s, c, k)
    .filter((i) => withArchived || !i.record.deleted)
    .sort(byNewest);
}

export interface RecordFilter {
  from: string;
  to: string;
  schoolId?: string | undefined;
  theme?: SignalTheme | undefined;
}

/**
 * The months (YYYY-MM) from the one of `from` to the one of `to`, clamped to EARLIEST_MONTH and
 * LATEST_YEARS ahead of `today`: an open range ('0000'..'9999') is then a few hundred months.
 */
export function monthsBetween(from: string, to: string, today: string): string[] {
  const latest = `${String(Number(today.slice(0, 4)) + LATEST_YEARS).padStart(4, '0')}-12`;
  let m = from.slice(0, 7) < EARLIEST_MONTH ? EARLIEST_MONTH : from.slice(0, 7);
  const last = to.slice(0, 7) > latest ? latest : to.slice(0, 7);
  const out: string[] = [];
  while (m <= last) {
    out.push(m);
    m = nextMonth(`${m}-01`).slice(0, 7);
  }
  return out;
}

/**
 * Dates are encrypted: a date range reads the blind month indexes of its months. Records before
 * 1990 (past every retention term) or more than LATEST_YEARS ahead are outside every list.
 */
const EARLIEST_MONTH = '1990-01';
const LATEST_YEARS = 5;

const todayIso = () => new Date().toISOString().slice(0, 10);

/** Records in a date range (blind month index), narrowed by school and theme; a theme means signals only. */
export async function filteredRecords(db: SchoolnabijDB, f: RecordFilter, today = todayIso()): Promise<TimelineItem[]> {
  const pending = indexesPending();
  if (pending) await pending;
  const months = monthsBetween(f.from, f.to, today).map(monthIndex);
  const inRange = <T extends { date: string; schoolId: string; deleted: boolean }>(rows: T[]) =>
    rows.filter((r) => !r.deleted && r.date >= f.from && r.date <= f.to && (!f.schoolId || r.schoolId === f.schoolId));
  const [s, c, k] = await Promise.all([
    db.signals.where('_month').anyOf(months).toArray(),
    f.theme ? [] : db.contacts.where('_month').anyOf(months).toArray(),
    f.theme ? [] : db.consultations.where('_month').anyOf(months).toArray(),
  ]);
  const signals = inRange(s).filter((r) => !f.theme || r.theme === f.theme);
  return tag(signals, inRange(c), inRange(k)).sort(byNewest);
}

/**
 * Follow-ups due on or before `today`, oldest first: the first `limit` of them, through the derived
 * `_due` index (derived.ts: archived records are not in it), so only what is shown is decrypted.
 */
export async function followUpsDue(db: SchoolnabijDB, today: string, limit = Infinity): Promise<TimelineItem[]> {
  const first = <C extends { limit(n: number): C }>(c: C) => (Number.isFinite(limit) ? c.limit(limit) : c);
  const [s, c, k] = await Promise.all([
    first(db.signals.where('_due').belowOrEqual(today)).toArray(),
    first(db.contacts.where('_due').belowOrEqual(today)).toArray(),
    first(db.consultations.where('_due').belowOrEqual(today)).toArray(),
  ]);
  return tag(s, c, k)
    .filter((i) => !i.record.deleted)
    .sort((a, b) => (a.record.followUpDate ?? '').localeCompare(b.record.followUpDate ?? ''))
    .slice(0, limit);
}

/** The first day of the month after the one of `date` (YYYY-MM-DD). */
function nextMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${date.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Older follow-ups than this many months before today are counted in one range. */
const DUE_MONTHS = 36;

/**
 * How many follow-ups are due on or before `today`: index counts, nothing decrypted. Slow in
 * Chromium on a large caseload (~0.1 ms an entry), so Vandaag asks it after its sections are read.
 * Counted a month at a time: IndexedDB answers one request after the other, so one count over the
 * whole range (up to a second on 50,000 records) held up every read of the screen the user opened
 * next (the Leerlingen tab tapped right after Vandaag waited for it); between these small
 * counts another screen's reads get their turn.
 */
export async function countFollowUpsDue(db: SchoolnabijDB, today: string): Promise<number> {
  const tables = [db.signals, db.contacts, db.consultations];
  const count = async (range: (t: (typeof tables)[number]) => Promise<number>) =>
    (await Promise.all(tables.map(range))).reduce((a, b) => a + b, 0);
  let from = `${String(Number(today.slice(0, 4)) - Math.floor(DUE_MONTHS / 12)).padStart(4, '0')}${today.slice(4, 8)}01`;
  // Everything before the months counted one by one (usually nothing): one range.
  let n = await count((t) => t.where('_due').below(from).count());
  for (;;) {
    const next = nextMonth(from);
    if (next > today) return n + (await count((t) => t.where('_due').between(from, today, true, true).count()));
    const f = from;
    n += await count((t) => t.where('_due').between(f, next, true, false).count());
    from = next;
  }
}

/** Pupils whose initials or group contain the query (case-insensitive), by initials. Pure. */
export function matchPupils(pupils: Iterable<Pupil>, query: string, schoolId?: string): Pupil[] {
  const q = query.trim().toLocaleLowerCase('nl');
  const out: Pupil[] = [];
  for (const p of pupils) {
    if (p.deleted || (schoolId && p.schoolId !== schoolId)) continue;
    if (!q || p.initials.toLocaleLowerCase('nl').includes(q) || p.group.toLocaleLowerCase('nl').includes(q)) out.push(p);
  }
  return out.sort((a, b) => a.initials.localeCompare(b.initials, 'nl'));
}

/**
 * Pupils whose initials or group contain the query. Initials are encrypted at rest, so
 * this decrypts every pupil; the screens search the in-memory copy instead (pupilsInMemory.ts).
 */
export async function searchPupils(db: SchoolnabijDB, query: string, schoolId?: string): Promise<Pupil[]> {
  const rows = schoolId ? await db.pupils.where('schoolId').equals(schoolId).toArray() : await db.pupils.toArray();
  return matchPupils(rows, query, schoolId);
}

/** How many of `pupils` the list holds (not archived), optionally of one school. Pure. */
export function countListed(pupils: Iterable<Pupil>, schoolId?: string): number {
  let n = 0;
  for (const p of pupils) if (!p.deleted && (!schoolId || p.schoolId === schoolId)) n++;
  return n;
}

/** The index range of the pupils that are not archived, optionally of one school, by `_recent`. */
function listed(db: SchoolnabijDB, schoolId?: string) {
  return schoolId
    ? db.pupils.where('[schoolId+_listed+_recent]').between([schoolId, 1, Dexie.minKey], [schoolId, 1, Dexie.maxKey])
    : db.pupils.where('[_listed+_recent]').between([1, Dexie.minKey], [1, Dexie.maxKey]);
}

/**
 * How many pupils the list holds (not archived), nothing decrypted. Without a school: all rows minus
 * the archived ones, because Chromium counts a table much faster than an index range (it checks
 * every index entry against its row).
 */
export async function countListedPupils(db: SchoolnabijDB, schoolId?: string): Promise<number> {
  if (schoolId) return listed(db, schoolId).count();
  const [all, archived] = await Promise.all([
    db.pupils.count(),
    db.pupils.where('[_listed+_recent]').between([0, Dexie.minKey], [0, Dexie.maxKey]).count(),
  ]);
  return all - archived;
}

/** The `limit` most recently changed pupils (derived `[_listed+_recent]` index): only these are decrypted. */
export function recentPupils(db: SchoolnabijDB, limit: number, schoolId?: string): Promise<Pupil[]> {
  return listed(db, schoolId).reverse().limit(limit).toArray();
}

// Vandaag (the jeugdprofessional's home): what needs attention today.

export interface MeldcodeDue {
  meldcode: Meldcode;
  reminder: MeldcodeReminder;
  pupil: Pupil | undefined;
}

/**
 * Meldcode trajectories with a step open longer than the reminder days, longest open first.
 * Trajectories are few per jeugdprofessional, so this reads the table and applies the rule.
 */
export async function meldcodeRemindersDue(db: SchoolnabijDB, today: string): Promise<MeldcodeDue[]> {
  const open = (await db.meldcodes.toArray()).filter((m) => !m.deleted && !m.closedDate);
  const due = open.flatMap((meldcode) => {
    const reminder = meldcodeReminder(meldcode, today);
    return reminder ? [{ meldcode, reminder }] : [];
  });
  const pupils = await db.pupils.bulkGet(due.map((d) => d.meldcode.pupilId));
  return due.map((d, i) => ({ ...d, pupil: pupils[i] })).sort((a, b) => b.reminder.daysOpen - a.reminder.daysOpen);
}

/**
 * Pupils flagged thuiszitter today (absence.ts), those without leerplicht involved first, then the
 * longest absent. Whether a pupil is absent is encrypted (and a blind index of a flag would tell it
 * anyway), so every listed pupil is read and the flag is checked in memory.
 */
export async function thuiszittersToday(db: SchoolnabijDB, today: string): Promise<{ pupil: Pupil; status: AbsenceStatus }[]> {
  const absent = (await listed(db).toArray()).filter((p) => !p.deleted && !!p.absenceKind);
  return absent
    .flatMap((pupil) => {
      const status = absenceStatus(pupil, today);
      return status?.thuiszitter ? [{ pupil, status }] : [];
    })
    .sort((a, b) => Number(b.status.leerplichtNeeded) - Number(a.status.leerplichtNeeded) || b.status.daysAbsent - a.status.daysAbsent);
}

/** Records with a conflict to resolve: one line per record, with how many fields wait for a choice. */
export async function recordsWithConflicts(db: SchoolnabijDB): Promise<{ entity: EntityName; recordId: string; fields: number }[]> {
  const byRecord = new Map<string, { entity: EntityName; recordId: string; fields: number }>();
  for (const c of await db.conflicts.toArray()) {
    const row = byRecord.get(c.recordId) ?? { entity: c.entity, recordId: c.recordId, fields: 0 };
    row.fields += 1;
    byRecord.set(c.recordId, row);
  }
  return [...byRecord.values()];
}

/**
 * The `limit` newest consultations (by date), not archived. Dates are encrypted: the blind month
 * indexes are read from next month backwards, a month at a time, until `limit` are found.
 */
export async function recentConsultations(db: SchoolnabijDB, limit: number, today = todayIso()): Promise<Consultation[]> {
  const pending = indexesPending();
  if (pending) await pending;
  // Next month too: a consultation may be dated ahead. A year of months per read.
  const months = [...monthsBetween(EARLIEST_MONTH, today, today), nextMonth(`${today.slice(0, 7)}-01`).slice(0, 7)].reverse();
  const out: Consultation[] = [];
  for (let i = 0; i < months.length && out.length < limit; i += 12) {
    const rows = await db.consultations
      .where('_month')
      .anyOf(months.slice(i, i + 12).map(monthIndex))
      .toArray();
    out.push(...rows.filter((r) => !r.deleted));
  }
  return out.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

/** The signals of one pupil that are not archived, newest first (blind pupil index). */
export async function signalsOfPupil(db: SchoolnabijDB, pupilId: string): Promise<Signal[]> {
  const pending = indexesPending();
  if (pending) await pending;
  const rows = await db.signals.where('_pid').equals(pupilIndex(pupilId)).toArray();
  return rows.filter((s) => !s.deleted).sort((a, b) => b.date.localeCompare(a.date));
}
