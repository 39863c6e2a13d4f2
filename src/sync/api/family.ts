// GET /api/family/schools: the schools of the region with their jeugdprofessional, for recording "a
// brother or sister at school X" (a school the user does not work for). Public facts only: a
// school's name and the directory entry of its jeugdprofessional; no pupil, no record.
import * as z from 'zod/mini';

export const regionSchoolSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['po', 'vo', 'so']),
  place: z.string(),
  /** The school's jeugdprofessional from the directory; empty when the directory names none. */
  contactName: z.string(),
  contactPhone: z.string(),
});
export type RegionSchool = z.infer<typeof regionSchoolSchema>;

export const regionSchoolsResponseSchema = z.object({ schools: z.array(regionSchoolSchema) });
export type RegionSchoolsResponse = z.infer<typeof regionSchoolsResponseSchema>;
