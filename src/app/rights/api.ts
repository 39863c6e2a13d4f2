// The rights routes of the central service (routes/rights.ts), online only. Every call goes through
// `rightsRequest`, through the app's API client. Replies are parsed with the schemas the service
// answers with (sync/api/rights.ts); failures become an ApiError in Dutch.
import type * as z from 'zod/mini';
import {
  foundPupilSchema,
  grantListReply,
  grantReply,
  openRightsRequestsReply,
  rightsExtensionReply,
  rightsRequestReply,
  type FoundPupil,
  type GrantInfo,
  type OpenRightsRequest,
  type RightsDecisionInput,
  type RightsExtensionInput,
  type RightsRequestInput,
} from '../../sync/api/rights';
import { ApiError, apiBlob, apiRequest } from '../api/client';
import { offlineMessage } from '../admin/api';

/** Through the app's API client; like beheer, it says in its own words that it needs a connection. */
async function rightsRequest<T>(
  reply: z.ZodMiniType<T> | 'blob',
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  try {
    if (reply === 'blob') return (await apiBlob(path)) as T;
    return (await apiRequest(reply, init.method ?? 'GET', path, init.body)) as T;
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'offline') throw new ApiError('offline', offlineMessage);
    throw e;
  }
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

/** The requests without a decision yet, the soonest due first. */
export async function listOpenRequests(): Promise<OpenRightsRequest[]> {
  return (await rightsRequest(openRightsRequestsReply, '/api/rights/requests')).requests;
}

export async function extendRequest(id: string, input: RightsExtensionInput): Promise<OpenRightsRequest> {
  return (await rightsRequest(rightsExtensionReply, `/api/rights/requests/${id}/extension`, { method: 'POST', body: input })).request;
}

export async function decideRequest(id: string, input: RightsDecisionInput) {
  return (await rightsRequest(rightsRequestReply, `/api/rights/requests/${id}/decision`, { method: 'POST', body: input })).request;
}

export async function askGrant(code: string, reason: string): Promise<GrantInfo> {
  return (await rightsRequest(grantReply, '/api/rights/grants', { method: 'POST', body: { code, reason } })).grant;
}

export async function listGrants(): Promise<GrantInfo[]> {
  return (await rightsRequest(grantListReply, '/api/rights/grants')).grants;
}
