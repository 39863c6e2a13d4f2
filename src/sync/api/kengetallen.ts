// GET /api/kengetallen and /api/kengetallen.csv: anonymous figures, computed on the service. The
// query is the domain's filter (kengetallenQuerySchema); the answer holds only counts, medians
// and labels, never a record.
import * as z from 'zod/mini';
import {
  absenceKindsShown,
  groupings,
  kengetalPeriods,
  kengetallenQuerySchema,
  waitStates,
  type Dim,
  type Kengetallen,
} from '../../domain/kengetallen';
import { signalThemes } from '../../domain/signal';

export { kengetallenQuerySchema };

const dims = [
  'theme',
  'seriousness',
  'period',
  'school',
  'gemeente',
  'swv',
  'channel',
  'party',
  'requestState',
  'absenceKind',
  'absenceDuration',
  'meldcodeState',
  'figure',
  'thuiszitterDuration',
  'thuiszitterOutcome',
  'returnState',
  'vrijstelling',
  'routeStep',
  'routeStepState',
  'waitState',
] as const satisfies readonly Dim[];

/** A published number: an exact count, "<5" (1 to 4) or "x" (suppressed). */
const cell = z.union([z.number(), z.literal('<5'), z.literal('x')]);

const countTable = z.object({
  title: z.string(),
  rowDim: z.enum(dims),
  colDim: z.enum(dims),
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  cells: z.array(z.array(cell)),
  rowTotals: z.nullable(z.array(cell)),
  colTotals: z.nullable(z.array(cell)),
  total: z.nullable(cell),
  /** Too few records to show this table in any form: no cell is published. */
  withheld: z.boolean(),
});

export const kengetallenResponseSchema = z.object({
  filter: z.object({
    window: z.string(),
    from: z.string(),
    to: z.string(),
    period: z.enum(kengetalPeriods),
    theme: z.nullable(z.enum(signalThemes)),
    schoolIds: z.array(z.string()),
    groupBy: z.enum(groupings),
    unitOf: z.optional(z.record(z.string(), z.string())),
  }),
  referenceDate: z.string(),
  periods: z.array(z.string()),
  tables: z.object({
    signalsByThemeAndSeriousness: countTable,
    signalsByPeriodAndSchool: countTable,
    trend: countTable,
    contactsByChannelAndParty: countTable,
    requestsBySchool: countTable,
    absenceBySchool: countTable,
    absenceByDuration: countTable,
    meldcodeBySchool: countTable,
    thuiszittersByDurationAndOutcome: countTable,
    returnWithin3Months: countTable,
    returnWithin6Months: countTable,
    vrijstellingenBySchool: countTable,
    routesPerStep: countTable,
    waitingForCare: countTable,
  }),
  responseTimes: z.array(
    z.object({
      schoolId: z.nullable(z.string()),
      n: z.nullable(cell),
      medianHours: z.nullable(z.number()),
      p90Hours: z.nullable(z.number()),
    }),
  ),
  absenceDurations: z.array(
    z.object({
      kind: z.enum(absenceKindsShown),
      n: z.nullable(cell),
      medianDays: z.nullable(z.number()),
      p90Days: z.nullable(z.number()),
    }),
  ),
  waitingTimes: z.array(
    z.object({
      state: z.enum(waitStates),
      n: z.nullable(cell),
      medianWeeks: z.nullable(z.number()),
      p90Weeks: z.nullable(z.number()),
    }),
  ),
  /** How this view is coarser than asked, to keep totals visible: per quarter, small units merged. */
  coarsened: z.object({ period: z.nullable(z.literal('quarter')), mergedUnits: z.array(z.string()) }),
  /** Titles of tables where a total of 5 or more is still hidden (after coarsening). */
  totalsHidden: z.array(z.string()),
  /** The schools and areas the figures may name, in name order. */
  schools: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type KengetallenResponse = z.infer<typeof kengetallenResponseSchema>;

// The contract and the domain's computation describe the same figures: a change to one that the
// other does not follow fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameFigures: Same<Omit<KengetallenResponse, 'schools'>, Kengetallen> = true;
void sameFigures;
