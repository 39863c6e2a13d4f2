// The rights routes of the central service (routes/rights.ts), online only. Every call goes through
// `rightsRequest`: one function to switch to the shared API client. Replies are parsed with the
// schemas the service answers with (sync/api/rights.ts); failures become an AdminError in Dutch.
import type * as z from 'zod/mini';
import { apiErrorSchema } from '../../sync/protocol';
import {
  foundPupilSchema, grantListReply, grantReply, rightsRequestReply, type FoundPupil, type GrantInfo, type RightsRequestInput,
} from '../../sync/api/rights';
import { accessToken } from '../auth/session';
import { db } from '../db/db';
import { AdminError, offlineMessage, type AdminErrorKind } from '../admin/api';


async function rightsRequest<T>(reply: z.ZodMiniType<T> | 'blob', path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let token: string;
  try {
    token = await accessToken(db);
  } catch {
    throw new AdminError('offline', offlineMessage);
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      cache: 'no-store',
    });
  } catch {
    throw new AdminError('offline', offlineMessage);
  }
  if (res.ok) {
    if (reply === 'blob') return (await res.blob()) as T;
    const parsed = reply.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new AdminError('server', 'De centrale dienst gaf een onverwacht antwoord. Probeer het later opnieuw.');
    return parsed.data;
  }
  const error = apiErrorSchema.safeParse(await res.json().catch(() => null));
  const fields: Record<string, string> = {};
  for (const d of error.success ? (error.data.details ?? []) : []) fields[d.path.split('.')[0] || '_'] ??= d.message;
  const kind: AdminErrorKind =
    res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : res.status === 404 ? 'not_found'
    : res.status === 409 ? 'conflict' : res.status >= 500 || res.status === 429 ? 'server' : 'invalid';
  throw new AdminError(kind, error.success ? error.data.message : `De centrale dienst antwoordde ${res.status}`, fields, error.success ? error.data.error : '');
}

export async function findPupilByCode(code: string): Promise<FoundPupil> {
  return (await rightsRequest(foundPupilSchema, `/api/rights/pupils?code=${encodeURIComponent(code)}`)).pupil;
}

/** The inzage document as an HTML file, to open in a new tab and print or save as PDF. */
export async function fetchInzage(pupilId: string, namens: string): Promise<Blob> {
  return rightsRequest<Blob>('blob', `/api/rights/pupils/${pupilId}/inzage?namens=${encodeURIComponent(namens)}`);
}

export async function recordRightsRequest(input: RightsRequestInput) {
  return (await rightsRequest(rightsRequestReply, '/api/rights/requests', { method: 'POST', body: input })).request;
}

export async function askGrant(code: string, reason: string): Promise<GrantInfo> {
  return (await rightsRequest(grantReply, '/api/rights/grants', { method: 'POST', body: { code, reason } })).grant;
}

export async function listGrants(): Promise<GrantInfo[]> {
  return (await rightsRequest(grantListReply, '/api/rights/grants')).grants;
}
