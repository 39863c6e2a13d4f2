// GET /api/wachtlijst/regio (coordinator): the anonymised list of every pupil of the region waiting
// for care, for the consultatie- en adviesteam. No pupil, no name or initials, no id, no free text:
// per referral only the school and its gemeente, the kind of care, the whole weeks waited and whether
// something bridges the wait. Optional filter on one gemeente.
import * as z from 'zod/mini';
import { careKinds } from '../../domain/wachtlijst';

export const regionWaitingQuerySchema = z.strictObject({
  gemeente: z.optional(z.uuid({ error: 'Ongeldige gemeente-id' })),
});
export type RegionWaitingQuery = z.infer<typeof regionWaitingQuerySchema>;

export const regionWaitingRowSchema = z.object({
  school: z.string(),
  /** The school's gemeente; null when the region has not set it. */
  gemeente: z.nullable(z.string()),
  careKind: z.enum(careKinds),
  weeksWaiting: z.int().check(z.nonnegative()),
  overbrugging: z.boolean(),
});
export type RegionWaitingRow = z.infer<typeof regionWaitingRowSchema>;

export const regionWaitingResponseSchema = z.object({
  /** The day the weeks are counted to (Amsterdam). */
  referenceDate: z.string(),
  /** The region's number of weeks after which a wait is too long (Vandaag warns). */
  warnWeeks: z.int(),
  /** Longest wait first. */
  rows: z.array(regionWaitingRowSchema),
});
export type RegionWaitingResponse = z.infer<typeof regionWaitingResponseSchema>;
