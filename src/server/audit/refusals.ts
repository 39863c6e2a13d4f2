// Refused attempts in the audit log (NEN 7513: the log tells who tried, not only who succeeded):
// a 403 on a route, a pushed mutation refused for permission, a refused second factor. Failed
// log-ins are written by the log-in route itself (action failed_login).
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../store/db';
import { verifyAccessToken } from '../auth/tokens';
import { writeAudit } from './log';

/** Second-factor methods a refusal can name. */
export type SecondFactorMethod = 'totp' | 'passkey';

/**
 * One refused attempt. `route`: a 403 answered to a signed-in user. `mutation`: a pushed mutation
 * rejected because the user may not write it. `second_factor`: a wrong or missing TOTP code or
 * passkey at log-in (written by the log-in flow through auditRefusal).
 */
export type Refusal =
  | { kind: 'route'; userId: string; deviceId: string; ip: string; method: string; route: string; code: string }
  | {
      kind: 'mutation';
      userId: string;
      role: string;
      deviceId: string;
      ip?: string | null;
      mutationId: string;
      entity: string;
      recordId: string;
      reason: string;
    }
  | { kind: 'second_factor'; userId: string; deviceId: string | null; ip: string; method: SecondFactorMethod; reason: string };

export const REFUSED = 'refused' as const;
export const FAILED_SECOND_FACTOR = 'failed_second_factor' as const;

/** The audit row of a refusal (exported for the push, which writes its rows in its own statement). */
export function refusalEntry(r: Refusal) {
  switch (r.kind) {
    case 'route':
      return {
        userId: r.userId,
        deviceId: r.deviceId,
        ip: r.ip,
        action: REFUSED,
        detail: { via: 'route', method: r.method, route: r.route, error: r.code },
      };
    case 'mutation':
      // record_id names what was tried; the audit trigger fills in its pupil when the record exists.
      // Never mutation_id: that column means "applied" (I3).
      return {
        userId: r.userId,
        role: r.role,
        deviceId: r.deviceId,
        ip: r.ip ?? null,
        action: REFUSED,
        entity: r.entity,
        recordId: r.recordId,
        detail: { via: 'push', mutationId: r.mutationId, reason: r.reason },
      };
    case 'second_factor':
      return {
        userId: r.userId,
        deviceId: r.deviceId,
        ip: r.ip,
        action: FAILED_SECOND_FACTOR,
        detail: { method: r.method, reason: r.reason },
      };
  }
}

export async function auditRefusal(db: Queryable, refusal: Refusal): Promise<void> {
  await writeAudit(db, [refusalEntry(refusal)]);
}

/**
 * A 403 reached the error handler: find who asked from the access token (already checked by the
 * route before it refused, so a token that fails here was never one that could get a 403) and log
 * the attempt. Best effort: the refusal itself must still be answered if the log write fails.
 */
export async function auditForbidden(db: Queryable, secret: Uint8Array, request: FastifyRequest, code: string): Promise<void> {
  const match = /^Bearer (\S{1,4096})$/.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return;
  let claims: { userId: string; deviceId: string };
  try {
    claims = await verifyAccessToken(secret, match[1]);
  } catch {
    return;
  }
  await auditRefusal(db, {
    kind: 'route',
    userId: claims.userId,
    deviceId: claims.deviceId,
    ip: request.ip,
    method: request.method,
    route: request.routeOptions.url ?? request.url.split('?')[0]!,
    code,
  });
}
