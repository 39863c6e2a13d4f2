// The one HTTP client of the app for the central service's API. Every call carries the protocol
// header and, when signed in, the access token; a token the service finds expired (a phone whose
// clock runs slow) is renewed once and the call tried again; a failure becomes an ApiError with a
// Dutch message; a reply is parsed with the route's contract (src/sync/api/, src/sync/protocol.ts).
// The sync transport (sync/httpTransport.ts) uses callApi with its own token source.
import type * as z from 'zod/mini';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, apiErrorSchema } from '../../sync/protocol';
import { SyncError, type SyncErrorKind } from '../sync/types';

/** A failed call: its kind (as the sync engine classifies), the Dutch message, and per form field. */
export class ApiError extends SyncError {
  constructor(
    kind: SyncErrorKind,
    message: string,
    status?: number,
    /** The service's error code (`username_taken`), '' when there was no answer. */
    readonly code = '',
    /** Dutch messages by form field: `schoolIds.2` is reported under `schoolIds`. */
    readonly fields: Record<string, string> = {},
  ) {
    super(kind, message, status);
  }
}

export const offlineMessage = 'Geen verbinding met de centrale dienst';

/** Dutch words for the service's error codes, when its answer carries no message of its own. */
const codeMessages: Record<string, string> = {
  upgrade_required: 'Werk de app bij',
  token_expired: 'Log opnieuw in om te synchroniseren',
  session_expired: 'Je sessie is verlopen. Log opnieuw in; je gegevens blijven op dit toestel.',
  device_revoked: 'Dit toestel is ingetrokken.',
  forbidden: 'Dat mag je niet met jouw rol.',
  not_found: 'Dat is niet (meer) gevonden.',
  invalid_request: 'Controleer je invoer.',
  rate_limited: 'Te veel pogingen. Wacht even en probeer het opnieuw.',
};

/** A code that belongs to one field of the form that sent it. */
const codeFields: Record<string, string> = { username_taken: 'username', own_role: 'role' };

function kindOf(status: number, code: string): SyncErrorKind {
  if (status === 426) return 'upgrade';
  if (code === 'device_revoked') return 'revoked';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status >= 500 || status === 429 || status === 408) return 'server';
  return 'bad_request';
}

async function errorOf(res: Response): Promise<ApiError> {
  const parsed = apiErrorSchema.safeParse(await res.json().catch(() => null));
  const code = parsed.success ? parsed.data.error : '';
  const message =
    res.status === 426
      ? codeMessages.upgrade_required!
      : ((parsed.success ? parsed.data.message : undefined) ?? codeMessages[code] ?? `De centrale dienst antwoordde ${res.status}`);
  const fields: Record<string, string> = {};
  for (const d of parsed.success ? (parsed.data.details ?? []) : []) fields[d.path.split('.')[0] || '_'] ??= d.message;
  const field = codeFields[code];
  if (field) fields[field] ??= message;
  return new ApiError(kindOf(res.status, code), message, res.status, code, fields);
}

/** Where a call gets its access token, and a new one when the service finds it expired. */
export interface TokenSource {
  token: () => Promise<string>;
  renew?: () => Promise<string>;
}

export interface CallOptions {
  base?: string;
  /** Sign the call with these tokens; none: a call before log-in. */
  tokens?: TokenSource;
  /** Sign with exactly this token, never renewed (log-out with the token it ends). */
  bearer?: string;
  /**
   * How a request travels: the browser's fetch in the app. The chaos simulation passes its faulty
   * network here, so that its devices renew tokens and classify errors with this very code.
   */
  fetch?: typeof fetch;
}

/** A SyncError from getting a token (refresh refused, offline) as an ApiError of the same kind. */
async function tokenOf(get: () => Promise<string>): Promise<string> {
  try {
    return await get();
  } catch (e) {
    if (e instanceof ApiError || !(e instanceof SyncError)) throw e;
    throw new ApiError(e.kind, e.message, e.status);
  }
}

async function send(method: string, path: string, body: unknown, opts: CallOptions, renewed = false): Promise<Response> {
  const headers = new Headers({ [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
  if (body !== undefined) headers.set('content-type', 'application/json');
  const token = opts.bearer ?? (opts.tokens ? await tokenOf(opts.tokens.token) : undefined);
  if (token) headers.set('authorization', `Bearer ${token}`);
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(`${opts.base ?? ''}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('offline', offlineMessage);
  }
  if (res.ok) return res;
  const error = await errorOf(res);
  const renew = opts.tokens?.renew;
  if (error.code === 'token_expired' && renew && !opts.bearer && !renewed) {
    return send(method, path, body, { ...opts, bearer: await tokenOf(renew) }, true);
  }
  throw error;
}

/** Call the API and parse its JSON reply with `schema`; an unexpected reply is a server error. */
export async function callApi<S extends z.ZodMiniType>(
  schema: S,
  method: string,
  path: string,
  body?: unknown,
  opts: CallOptions = {},
): Promise<z.output<S>> {
  const res = await send(method, path, body, opts);
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new ApiError('server', 'Onverwacht antwoord van de centrale dienst', res.status);
  return parsed.data;
}

/**
 * The signed-in user's tokens on this device: given at start-up (start/boot.ts), so that this module
 * needs neither the session nor the database, and the sync transport can use it in tests on Node.
 */
let session: TokenSource = {
  token: () => Promise.reject(new ApiError('unauthorized', 'Log opnieuw in om verder te gaan')),
};

export function setSessionTokens(tokens: TokenSource): void {
  session = tokens;
}

/** Call the API as the signed-in user. */
export function apiRequest<S extends z.ZodMiniType>(schema: S, method: string, path: string, body?: unknown): Promise<z.output<S>> {
  return callApi(schema, method, path, body, { tokens: session });
}

/**
 * A file from the API (a CSV export), as the signed-in user, saved as the browser's download under
 * the name the service gives it (else `fallbackName`). Returns the name.
 */
/** A document the service makes (not JSON), as the signed-in user: e.g. an HTML page to open. */
export async function apiBlob(path: string): Promise<Blob> {
  return (await send('GET', path, undefined, { tokens: session })).blob();
}

export async function apiDownload(path: string, fallbackName: string): Promise<string> {
  const res = await send('GET', path, undefined, { tokens: session });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
