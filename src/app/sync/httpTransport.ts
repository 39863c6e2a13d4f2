import {
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  viewsResponseSchema,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type PushRequest,
  type ViewEvent,
  type ViewsResponse,
} from '../../sync/protocol';
import { callApi, type CallOptions } from '../api/client';
import { PullPrefetch } from '../perf/pullPrefetch';
import type { SyncTransport } from './types';

/**
 * The sync transport over HTTP, through the app's API client (api/client.ts: token, protocol
 * header, renewal of an expired token, errors as ApiError, a SyncError). With `prefetch`, pulls go
 * through the pull prefetch (perf/pullPrefetch.ts).
 */
export class HttpTransport implements SyncTransport {
  private pages: PullPrefetch | null = null;
  private readonly opts: CallOptions;

  constructor(
    token: () => Promise<string>,
    base = '',
    private readonly prefetch = true,
    /**
     * A new access token now, whatever this device's clock says. The service refuses a token that
     * it finds expired (a phone whose clock runs slow refreshes too late): refresh and try once more.
     */
    renew?: () => Promise<string>,
    /** The network (CallOptions.fetch): the browser's fetch unless given. */
    network?: typeof fetch,
  ) {
    this.opts = { base, tokens: { token, renew }, ...(network ? { fetch: network } : {}) };
  }

  push(mutations: Mutation[]): Promise<PushResponse> {
    const body: PushRequest = { protocolVersion: PROTOCOL_VERSION, mutations };
    return callApi(pushResponseSchema, 'POST', '/api/sync/push', body, this.opts);
  }

  postViews(views: ViewEvent[]): Promise<ViewsResponse> {
    return callApi(viewsResponseSchema, 'POST', '/api/audit/views', { views }, this.opts);
  }

  pull(cursor: string, limit: number): Promise<PullResponse> {
    if (!this.prefetch) return this.fetchPage(cursor, limit);
    this.pages ??= new PullPrefetch((c, l) => this.fetchPage(c, l));
    return this.pages.pull(cursor, limit);
  }

  private fetchPage(cursor: string, limit: number): Promise<PullResponse> {
    return callApi(pullResponseSchema, 'GET', `/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, undefined, this.opts);
  }
}
