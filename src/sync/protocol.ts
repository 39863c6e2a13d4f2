import * as z from 'zod/mini';
import { entityNames, type EntityName } from '../domain/entities';
import { instant, storable, storableDeep } from '../domain/input';

/**
 * The sync protocol between a device and the central service. Every message is here.
 *
 * Version 2.
 *  - A device records every save as a mutation in its outbox; only the outbox leaves the device.
 *  - Push: POST /api/sync/push with a batch of mutations; the answer says per mutation what happened.
 *  - Pull: GET /api/sync/pull?cursor=…&limit=… returns changes after the cursor, in seq order.
 *  - A client whose protocolVersion the server does not support gets HTTP 426 and keeps its outbox.
 * Changing anything here bumps PROTOCOL_VERSION and says what happens to older clients.
 *
 * Version 2 added `purged` (a change) and `scopeKey` (a pull answer). A version 1 phone ignores
 * both: a purged record stays on it as an empty shell, and, worse, when the user loses a school or
 * a role the phone keeps every record it pulled before, which the user may no longer read. So the
 * service refuses version 1 (426): the phone keeps its outbox, the app updates itself, and the
 * updated app pushes what waited and then pulls with the scope rules.
 */
export const PROTOCOL_VERSION = 2;
export const SUPPORTED_PROTOCOL_VERSIONS = [2] as const;
/** The header that carries the client's protocol version on every request (a pull has no body). */
export const PROTOCOL_HEADER = 'x-protocol-version';

// I1: the outbox is the only way a record leaves the device.
// I2: a record and its mutation are written in one local transaction: both or neither.
// I3: a mutation is applied at most once, keyed by its id (a re-push answers `duplicate`).
// I4: every accepted change gets a place in one global, increasing change sequence, and no reader
//     can see seq n+1 committed while seq n may still commit (assignment is serialized).
// I5: a device removes a mutation from its outbox only after the server answered for it
//     (applied, duplicate, conflict: removed; rejected: kept, shown with its reason).
// I6: pulled rows and the new cursor are written in one local transaction.
// I7: no value is ever lost: in a same-field conflict the later arrival wins and the other value
//     is kept as a Conflict until a user resolves it.

export const mutationSchema = z.object({
  /** UUID made on the device; the server applies a mutation at most once by this id (I3). */
  id: z.uuid(),
  entity: z.enum(entityNames as [EntityName, ...EntityName[]]),
  recordId: z.uuid(),
  kind: z.enum(['create', 'update']),
  /** The fields this save changed, with their new values (all user fields + schoolId on create). */
  changes: z.record(z.string(), z.unknown()).check(storableDeep),
  /** The server version of the record this edit started from (0 = not yet on the server). */
  baseVersion: z.int().check(z.nonnegative()),
  createdAt: instant(),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const MAX_PUSH_BATCH = 500;
export const MAX_PULL_LIMIT = 1000;

const pushOf = <M extends z.ZodMiniType>(mutation: M) =>
  z.strictObject({
    protocolVersion: z.int(),
    mutations: z.array(mutation).check(z.maxLength(MAX_PUSH_BATCH, `Maximaal ${MAX_PUSH_BATCH} mutaties per keer`)),
  });
export const pushRequestSchema = pushOf(mutationSchema);
export type PushRequest = z.infer<typeof pushRequestSchema>;
/**
 * The push as the service first checks it: the envelope strictly, each mutation only for its id.
 * Each mutation is then checked against mutationSchema on its own, so a bad one is `rejected` with
 * its reason instead of failing the batch. Only a mutation without a valid id fails the request:
 * its result could not name it.
 */
export const pushEnvelopeSchema = pushOf(z.looseObject({ id: z.uuid({ error: 'Elke mutatie heeft een geldige id (uuid) nodig' }) }));

/** A value that lost a same-field conflict, kept until a user resolves it (I7). */
export const conflictSchema = z.object({
  id: z.uuid(),
  field: z.string(),
  /** The value that lost: it was on the server, and a later arrival overwrote it. */
  value: z.unknown(),
  /** Who wrote the losing value, and when the conflict was detected. */
  by: z.string(),
  at: z.iso.datetime({ offset: true }),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const mutationResultSchema = z.object({
  mutationId: z.uuid(),
  status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']),
  /** For rejected: why, in Dutch, for the user. */
  reason: z.optional(z.string()),
  /** The record's new server version (applied/conflict). */
  version: z.optional(z.int()),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({ results: z.array(mutationResultSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;

/**
 * One change in the pull stream: the whole current record (with its server `version` and any kept
 * conflicts), so a device just puts it.
 */
export const changeSchema = z.object({
  seq: z.int(),
  entity: z.enum(entityNames as [EntityName, ...EntityName[]]),
  record: z.record(z.string(), z.unknown()),
  conflicts: z.array(conflictSchema),
  /**
   * The record passed its retention term and was removed on the server: its data is gone and the
   * device deletes it (instead of putting it). Since version 2.
   */
  purged: z.optional(z.literal(true)),
});
export type Change = z.infer<typeof changeSchema>;

export const pullQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(storable)),
  limit: z.optional(z.string().check(z.regex(/^\d{1,4}$/, `limit is een getal van 1 tot ${MAX_PULL_LIMIT}`))),
});

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Opaque to the client: send it back on the next pull. */
  cursor: z.string(),
  hasMore: z.boolean(),
  /** Rough number of changes after the cursor when the pull started, for progress display. */
  remaining: z.int(),
  /**
   * A fingerprint of what this user may read (role, schools, schools whose team does not share).
   * Since version 2; optional so a test transport may leave it out. When it differs from the key of the previous pull, the
   * device pulls again from cursor 0 and keeps only what that pull returns: records of a newly added
   * school arrive, records the user may no longer read are removed.
   */
  scopeKey: z.optional(z.string()),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * Offline reads (NEN 7513): the pupil pages opened on the device, uploaded after each sync
 * with POST /api/audit/views. Idempotent on the view's id; a pupil the user may not read is refused
 * per item. The device forgets every view the server answered for.
 */
export const MAX_VIEWS_BATCH = 500;
/** What was opened: the pupil page (the default), an MDO preparation card, or a print of one. */
export const viewKinds = ['pupil', 'mdoCard', 'mdoPrint'] as const;
export type ViewKind = (typeof viewKinds)[number];
export const viewEventSchema = z
  .strictObject({
    id: z.uuid({ error: 'Ongeldige id' }),
    pupilId: z.uuid({ error: 'Ongeldige leerling-id' }),
    /** When the page was opened, on the device's clock. */
    at: instant(),
    kind: z.optional(z.enum(viewKinds, { error: 'Onbekend soort inzage' })),
    /** The MDO agenda item whose card was opened or printed (with kind mdoCard or mdoPrint). */
    itemId: z.optional(z.uuid({ error: 'Ongeldige id van het agendapunt' })),
  })
  .check(
    z.refine((v) => (v.kind === undefined || v.kind === 'pupil') === (v.itemId === undefined), {
      error: 'Een kaart of afdruk noemt zijn agendapunt, een leerlingpagina niet',
      path: ['itemId'],
    }),
  );
export type ViewEvent = z.infer<typeof viewEventSchema>;
export const viewsResponseSchema = z.object({
  results: z.array(z.object({ id: z.uuid(), status: z.enum(['recorded', 'duplicate', 'refused']), reason: z.optional(z.string()) })),
});
export type ViewsResponse = z.infer<typeof viewsResponseSchema>;

/** Every 4xx/5xx body from the API. */
export const apiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
