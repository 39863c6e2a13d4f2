import * as z from 'zod/mini';

/**
 * A part of the region above the school: the samenwerkingsverband (SWV) and each gemeente. The
 * regional wie-is-wie hangs its entries on an area as a school's directory hangs on a school, so a
 * directory entry's `schoolId` is a school id or an area id (both uuids).
 */
export const areaKinds = ['swv', 'gemeente'] as const;
export type AreaKind = (typeof areaKinds)[number];

export const areaSchema = z.object({
  id: z.uuid(),
  kind: z.enum(areaKinds),
  name: z.string().check(z.minLength(2), z.maxLength(120)),
});
export type Area = z.infer<typeof areaSchema>;
