import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { calendarDate, instant, storable } from './input';

/** ISO calendar date, as an <input type="date"> gives it: 2026-11-23. */
export const isoDate = calendarDate();

/**
 * A correction a parent or pupil asked for and the beheerder granted (docs/rights.md): when it was
 * decided, what was asked, the old and the new value. Only the service adds one (no input schema
 * has the field, so no device can set or change it); the professional sees it on the record.
 * Rectification keeps its trail: the old value stays, marked as corrected.
 */
export const correctionSchema = z.object({
  decidedOn: calendarDate(),
  decision: z.enum(['granted', 'partly']),
  what: z.string().check(z.maxLength(2000), storable),
  oldValue: z.string().check(z.maxLength(4000), storable),
  newValue: z.string().check(z.maxLength(4000), storable),
});
export type Correction = z.infer<typeof correctionSchema>;

/**
 * The fields every synced record carries. `version` is the server's version of the record the
 * device last saw (0 = never synced); a mutation names it as its base for the three-way merge.
 */
export const recordBaseShape = {
  id: z.uuid({ error: 'Ongeldige id' }),
  schoolId: z.string().check(z.minLength(1, 'Kies een school'), storable),
  createdBy: z.string().check(z.minLength(1, 'Onbekende maker'), storable),
  createdAt: instant(),
  updatedAt: instant(),
  deleted: z.boolean(),
  version: z.int().check(z.nonnegative()),
  /** Granted corrections, oldest first (set by the service only). */
  corrections: z.optional(z.array(correctionSchema)),
};

/** Names of the base fields: everything else on a record is what a user edits. */
export const baseFieldNames = Object.keys(recordBaseShape) as (keyof typeof recordBaseShape)[];

export const recordBaseSchema = z.object(recordBaseShape);
export type RecordBase = z.infer<typeof recordBaseSchema>;

/**
 * The base fields on the phone: plain. The row's own id and its school (every list is per school),
 * who made it, when it was made and changed, the archive flag and the sync version: bookkeeping
 * that names no pupil and no content. The corrections do, and are encrypted.
 */
export const recordBaseStorage = {
  id: 'indexSafe',
  schoolId: 'indexSafe',
  createdBy: 'indexSafe',
  createdAt: 'indexSafe',
  updatedAt: 'indexSafe',
  deleted: 'indexSafe',
  version: 'indexSafe',
  // What was asked and the old value are about the pupil: encrypted like the record's content.
  corrections: 'sensitive',
} as const satisfies StorageClasses<RecordBase>;

/**
 * "Opgevolgd": the day a follow-up was done. Optional, so records from before it and from older
 * phones still parse. Stored on the record (not on the phone only), so it syncs to the team.
 */
export const followedUpOn = z.optional(z.nullable(isoDate));

/**
 * Is the follow-up still to do? A follow-up date, not archived, and not marked "Opgevolgd" on or after
 * that date: moving the date later (a new appointment) makes it due again.
 */
export function followUpOpen(r: { deleted?: unknown; followUpDate?: unknown; followedUpOn?: unknown }): r is { followUpDate: string } {
  if (r.deleted || typeof r.followUpDate !== 'string' || !r.followUpDate) return false;
  return !(typeof r.followedUpOn === 'string' && r.followedUpOn >= r.followUpDate);
}
