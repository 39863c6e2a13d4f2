import {
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type ViewEvent,
  type ViewsResponse,
  viewsResponseSchema,
} from '../../sync/protocol';
import { SyncError, type SyncTransport } from './types';

/**
 * The sync transport over HTTP: fetch with the access token, failures classified as SyncError.
 *
 * Pull prefetches: when a page says `hasMore`, the request for the next page (after its cursor, same
 * limit) is sent at once, so the server reads and sends it while the device writes this page to
 * IndexedDB. The next `pull` with exactly that cursor and limit gets that answer; any other call
 * drops it and asks anew. The request is never awaited inside a local transaction (the engine writes
 * a page in its own transaction, I6), and a page's changes are never older than the page before it.
 */
export class HttpTransport implements SyncTransport {
  private next: { cursor: string; limit: number; page: Promise<PullResponse> } | null = null;

  constructor(
    private readonly token: () => Promise<string>,
    private readonly base = '',
    private readonly prefetch = true,
    /**
     * A new access token now, whatever this device's clock says. The service refuses a token that
     * it finds expired (a phone whose clock runs slow refreshes too late): refresh and try once more.
     */
    private readonly renew?: () => Promise<string>,
  ) {}

  private async request(path: string, init: RequestInit, token?: string): Promise<unknown> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token ?? (await this.token())}`);
    headers.set('x-protocol-version', String(PROTOCOL_VERSION));
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { ...init, headers, cache: 'no-store' });
    } catch {
      throw new SyncError('offline', 'Geen verbinding met de centrale dienst');
    }
    if (res.ok) return res.json();
    let body: { error?: string; message?: string } = {};
    try {
      body = (await res.json()) as typeof body;
    } catch {
      // not JSON: keep the status
    }
    if (res.status === 401 && body.error === 'token_expired' && this.renew && token === undefined) {
      return this.request(path, init, await this.renew());
    }
    const message = body.message ?? `De centrale dienst antwoordde ${res.status}`;
    if (res.status === 426) throw new SyncError('upgrade', 'Werk de app bij', 426);
    if (res.status === 401 || res.status === 403) {
      throw new SyncError(body.error === 'device_revoked' ? 'revoked' : 'unauthorized', message, res.status);
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) throw new SyncError('server', message, res.status);
    throw new SyncError('bad_request', message, res.status);
  }

  async push(mutations: Mutation[]): Promise<PushResponse> {
    const body = await this.request('/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, mutations }),
    });
    const parsed = pushResponseSchema.safeParse(body);
    if (!parsed.success) throw new SyncError('server', 'Onverwacht antwoord van de centrale dienst');
    return parsed.data;
  }

  async postViews(views: ViewEvent[]): Promise<ViewsResponse> {
    const body = await this.request('/api/audit/views', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ views }),
    });
    const parsed = viewsResponseSchema.safeParse(body);
    if (!parsed.success) throw new SyncError('server', 'Onverwacht antwoord van de centrale dienst');
    return parsed.data;
  }

  pull(cursor: string, limit: number): Promise<PullResponse> {
    const ahead = this.next;
    this.next = null;
    const page = ahead && ahead.cursor === cursor && ahead.limit === limit ? ahead.page : this.fetchPage(cursor, limit);
    if (!this.prefetch) return page;
    return page.then((p) => {
      if (p.hasMore && this.next === null) {
        const next = this.fetchPage(p.cursor, limit);
        // Nobody may ask for it (the run stopped): its failure must not be an unhandled rejection.
        next.catch(() => {});
        this.next = { cursor: p.cursor, limit, page: next };
      }
      return p;
    });
  }

  private async fetchPage(cursor: string, limit: number): Promise<PullResponse> {
    const body = await this.request(`/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, { method: 'GET' });
    const parsed = pullResponseSchema.safeParse(body);
    if (!parsed.success) throw new SyncError('server', 'Onverwacht antwoord van de centrale dienst');
    return parsed.data;
  }
}
