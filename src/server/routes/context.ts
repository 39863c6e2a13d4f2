// What every route group gets from buildApp: the store and the token secret. Nothing else: the
// service keeps no session or sync state in memory (N copies behind a load balancer).
import type * as z from 'zod/mini';
import type { Db } from '../store/db';
import { badRequest } from '../errors';
import type { LockoutPolicy } from '../auth/lockout';

export interface RouteContext {
  db: Db;
  secret: Uint8Array;
  authRateLimit: number;
  /** Log-in lockout; the default policy when not set. */
  lockout?: LockoutPolicy;
  /** The service's time for break-the-glass grants; tests inject one. Default: the database's. */
  clock?: () => Date;
}

/** A body, query or path checked with its contract (src/sync/api/): a precise 400 when it fails. */
export function parse<T>(schema: z.ZodMiniType<T>, value: unknown): T {
  const res = schema.safeParse(value);
  if (!res.success) throw badRequest(res.error.issues);
  return res.data;
}

/**
 * A reply as its contract describes it: typed by the schema, and parsed by it before it is sent,
 * so nothing the contract does not name (a column added to a query) leaves the service.
 */
export function answer<S extends z.ZodMiniType>(schema: S, value: z.input<S>): z.output<S> {
  return schema.parse(value);
}
