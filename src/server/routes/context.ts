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

export function parse<T>(schema: z.ZodMiniType<T>, value: unknown): T {
  const res = schema.safeParse(value);
  if (!res.success) throw badRequest(res.error.issues);
  return res.data;
}
