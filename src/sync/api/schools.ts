// GET /api/schools (every signed-in user), PATCH /api/schools/:id (coordinator): the schools, their
// presence days and whether the team shares casework.
import * as z from 'zod/mini';
import { storable } from '../../domain/input';
import { schoolSchema } from '../../domain/school';

export const schoolParamsSchema = z.strictObject({ id: z.uuid({ error: 'Ongeldige school-id' }) });

const dayMessage = 'Een dag is een getal van 1 (maandag) tot 7 (zondag)';
export const patchSchoolRequestSchema = z
  .strictObject({
    name: z.optional(
      z
        .string({ error: 'Vul een naam in' })
        .check(z.trim(), z.minLength(2, 'Vul een naam in (minstens 2 tekens)'), z.maxLength(120, 'Maximaal 120 tekens'), storable),
    ),
    place: z.optional(z.string({ error: 'Vul een plaats in' }).check(z.trim(), z.maxLength(80, 'Maximaal 80 tekens'), storable)),
    presenceDays: z.optional(
      z
        .array(z.int({ error: dayMessage }).check(z.minimum(1, dayMessage), z.maximum(7, dayMessage)))
        .check(z.maxLength(7, 'Hoogstens 7 dagen')),
    ),
    teamShares: z.optional(z.boolean({ error: 'Kies of het team gegevens deelt (true of false)' })),
  })
  .check(
    z.refine((v) => Object.keys(v).length > 0, { error: 'Geef minstens één veld om te wijzigen: name, place, presenceDays of teamShares' }),
  );
export type SchoolChanges = z.input<typeof patchSchoolRequestSchema>;

/** A school as the schools screen keeps it: with whether its team shares casework. */
export const adminSchoolSchema = z.object({
  ...schoolSchema.shape,
  /** The jeugdprofessionals of this school share their casework; when off, each sees only their own. */
  teamShares: z.boolean(),
});
export type AdminSchool = z.infer<typeof adminSchoolSchema>;

export const schoolsResponseSchema = z.object({ schools: z.array(adminSchoolSchema) });
export const schoolResponseSchema = z.object({ school: adminSchoolSchema });
