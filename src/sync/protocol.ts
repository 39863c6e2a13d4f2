import * as z from 'zod/mini';
import { entityNames, type EntityName } from '../domain/entities';

/**
 * The sync protocol, version 1. Every message a device and the central service exchange is here.
 *
 * v1: a device records changes as mutations in its outbox (one per save). Only the outbox leaves
 *     the device (I1). Push/pull messages follow with the central service.
 */
export const PROTOCOL_VERSION = 1;

// I1: the outbox is the only way a record leaves the device.
// I2: a record and its mutation are written in one local transaction: both or neither.
// I3: a mutation is applied at most once, keyed by its id.

export const mutationSchema = z.object({
  /** UUID made on the device; the server applies a mutation at most once by this id (I3). */
  id: z.uuid(),
  entity: z.enum(entityNames as [EntityName, ...EntityName[]]),
  recordId: z.uuid(),
  kind: z.enum(['create', 'update']),
  /** The fields this save changed, with their new values (all fields on create). */
  changes: z.record(z.string(), z.unknown()),
  /** The server version of the record this edit started from (0 = not yet on the server). */
  baseVersion: z.int().check(z.nonnegative()),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Mutation = z.infer<typeof mutationSchema>;
