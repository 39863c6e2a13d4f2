// What several route groups share: the empty answer of an action, and timestamps as sent.
import * as z from 'zod/mini';

/** The answer of an action that has nothing to tell but that it was done. */
export const okResponseSchema = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof okResponseSchema>;

/** A body that must be empty: an action without input accepts nothing or `{}`. */
export const emptyBodySchema = z.optional(z.strictObject({}));

/** A moment as the service sends it: ISO 8601 in UTC. */
export const sentInstant = () => z.iso.datetime({ offset: true });
