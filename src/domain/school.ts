import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { weekday } from './calendar';
import { storable } from './input';

export const schoolKinds = ['po', 'vo', 'so'] as const;

export const schoolSchema = z.object({
  id: z.uuid(),
  name: z.string().check(z.minLength(2), z.maxLength(120), storable),
  kind: z.enum(schoolKinds),
  place: z.string().check(z.maxLength(80), storable),
  /** Days of the week (1 = Monday) the jeugdprofessional is at this school. */
  presenceDays: z.array(z.int().check(z.minimum(1), z.maximum(7))),
  /** The gemeente (area.ts) the school is in; absent when the region has not set it. */
  gemeenteId: z.optional(z.uuid()),
});
export type School = z.infer<typeof schoolSchema>;

/** On the phone: plain. Names and places of schools are public. */
export const schoolStorage = {
  id: 'indexSafe',
  name: 'indexSafe',
  kind: 'indexSafe',
  place: 'indexSafe',
  presenceDays: 'indexSafe',
  gemeenteId: 'indexSafe',
} as const satisfies StorageClasses<School>;

/** The schools whose presence days include the weekday of `isoDate` (yyyy-mm-dd, Amsterdam). */
export function schoolsPresentOn<S extends Pick<School, 'presenceDays'>>(schools: readonly S[], isoDate: string): S[] {
  const day = weekday(isoDate);
  return schools.filter((s) => s.presenceDays.includes(day));
}
