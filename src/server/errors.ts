// Every 4xx/5xx body is an ApiError (src/sync/protocol.ts): { error, message, details? }.
import type { ApiError } from '../sync/protocol';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ApiError['details'],
  ) {
    super(message);
  }

  body(): ApiError {
    return { error: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** zod issues as ApiError details: "mutations.2.changes.date": "Vul een geldige datum in". */
export function issueDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]): NonNullable<ApiError['details']> {
  return issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function badRequest(issues: readonly { path: readonly PropertyKey[]; message: string }[]): HttpError {
  const details = issueDetails(issues);
  const first = details[0];
  const message = first ? `Ongeldige invoer bij ${first.path || 'het verzoek'}: ${first.message}` : 'Ongeldige invoer';
  return new HttpError(400, 'invalid_request', message, details);
}
