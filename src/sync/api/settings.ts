// GET /api/settings (every signed-in user), PATCH /api/admin/settings (beheerder): region-wide
// settings a device follows: the idle minutes before the app locks, the numbers of the regional
// verzuimprotocol, and how many days a break-the-glass access lasts.
import * as z from 'zod/mini';
import { defaultVerzuimSettings, verzuimSettingBounds, type VerzuimSettings } from '../../domain/verzuimprotocol';

export const MIN_LOCK_MINUTES = 1;
export const MAX_LOCK_MINUTES = 30;

const lockMessage = `Kies een vergrendeltijd van ${MIN_LOCK_MINUTES} tot ${MAX_LOCK_MINUTES} minuten`;
const lockMinutes = z.int({ error: lockMessage }).check(z.minimum(MIN_LOCK_MINUTES, lockMessage), z.maximum(MAX_LOCK_MINUTES, lockMessage));

/** How many days a break-the-glass access lasts (docs/rights.md), and its bounds. */
export const DEFAULT_BREAK_GLASS_DAYS = 14;
export const MIN_BREAK_GLASS_DAYS = 1;
export const MAX_BREAK_GLASS_DAYS = 30;
const breakGlassMessage = `Kies een aantal dagen van ${MIN_BREAK_GLASS_DAYS} tot ${MAX_BREAK_GLASS_DAYS}`;
export const breakGlassDaysSchema = z
  .int({ error: breakGlassMessage })
  .check(z.minimum(MIN_BREAK_GLASS_DAYS, breakGlassMessage), z.maximum(MAX_BREAK_GLASS_DAYS, breakGlassMessage));

/** A stored value as far as it is valid; anything else falls back to the default. */
export function breakGlassDaysFrom(stored: unknown): number {
  const n = typeof stored === 'string' && stored.trim() !== '' ? Number(stored) : stored;
  return breakGlassDaysSchema.safeParse(n).success ? (n as number) : DEFAULT_BREAK_GLASS_DAYS;
}

const bounded = (key: keyof VerzuimSettings) => {
  const [min, max] = verzuimSettingBounds[key];
  const message = `Kies een heel getal van ${min} tot ${max}`;
  return z.int({ error: message }).check(z.minimum(min, message), z.maximum(max, message));
};

/** The regional numbers of the verzuimprotocol (verzuimprotocol.ts), each within its bounds. */
export const verzuimSettingsSchema = z.strictObject({
  reportHours: bounded('reportHours'),
  reportWeeks: bounded('reportWeeks'),
  mazlReports: bounded('mazlReports'),
  mazlWeeks: bounded('mazlWeeks'),
  mazlConsecutiveDays: bounded('mazlConsecutiveDays'),
  thuiszitterAfterDays: bounded('thuiszitterAfterDays'),
  swvAfterMonths: bounded('swvAfterMonths'),
  routeReminderDays: bounded('routeReminderDays'),
  schoolDayHours: bounded('schoolDayHours'),
  wachtlijstWarnWeeks: bounded('wachtlijstWarnWeeks'),
});

/** A beheerder changes some of them; the rest keep their value. */
export const verzuimSettingsPatchSchema = z.partial(verzuimSettingsSchema);

export const patchSettingsRequestSchema = z
  .strictObject({
    lockMinutes: z.optional(lockMinutes),
    verzuim: z.optional(verzuimSettingsPatchSchema),
    breakGlassDays: z.optional(breakGlassDaysSchema),
  })
  .check(
    z.refine((v) => v.lockMinutes !== undefined || v.verzuim !== undefined || v.breakGlassDays !== undefined, {
      error: 'Geef minstens één instelling: lockMinutes, verzuim of breakGlassDays',
    }),
  );

export const settingsResponseSchema = z.object({ lockMinutes: z.int(), verzuim: verzuimSettingsSchema, breakGlassDays: z.int() });
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

/** Stored settings as far as they are valid; anything missing or out of bounds falls back to the default. */
export function verzuimSettingsFrom(stored: unknown): VerzuimSettings {
  const out: VerzuimSettings = { ...defaultVerzuimSettings };
  if (stored && typeof stored === 'object') {
    for (const key of Object.keys(out) as (keyof VerzuimSettings)[]) {
      const v = (stored as Record<string, unknown>)[key];
      if (bounded(key).safeParse(v).success) out[key] = v as number;
    }
  }
  return out;
}
